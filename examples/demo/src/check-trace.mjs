// @ts-check
// What the demo promises, checked against the spans of the run (read back from traces/demo.jsonl).
import { DEMO_CONTEXT } from './support-ticket.mjs';

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
/** @type {Set<unknown>} */
const GENERATION_OPERATIONS = new Set(['chat', 'text_completion', 'embeddings']);

/**
 * @typedef {import('@mellea/test-otlp-receiver').DecodedSpan} DecodedSpan
 * @typedef {{ ok: boolean, what: string, detail?: string }} Check
 */

/** @type {(a: DecodedSpan, b: DecodedSpan) => number} */
const byStart = (a, b) => {
  const d = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
/** @type {(a: DecodedSpan, b: DecodedSpan) => boolean} */
const overlap = (a, b) =>
  BigInt(a.startTimeUnixNano) < BigInt(b.endTimeUnixNano) &&
  BigInt(b.startTimeUnixNano) < BigInt(a.endTimeUnixNano);
/** @type {(spans: DecodedSpan[]) => string} */
const names = (spans) => spans.map((s) => s.name).join(', ') || 'none';

/**
 * The run's notable spans, found by shape (names depend on the models, which a real provider changes).
 * @param {DecodedSpan[]} spans
 */
export function demoSpans(spans) {
  /** @type {(span: DecodedSpan | undefined) => DecodedSpan[]} */
  const childrenOf = (span) =>
    span ? spans.filter((s) => s.parentSpanId === span.spanId).sort(byStart) : [];
  const workflow = spans.find((s) => s.name === 'invoke_workflow support-ticket');
  const agent = spans.find((s) => s.name === 'invoke_agent support-agent');
  const underAgent = childrenOf(agent);
  /** @type {(s: DecodedSpan) => boolean} */
  const isGeneration = (s) => GENERATION_OPERATIONS.has(s.attributes['gen_ai.operation.name']);
  const chats = underAgent.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  const failed = chats.find((s) => s.status.code === ERROR && s.attributes['error.type'] !== 'cancelled');
  const streams = chats.filter((s) => s.attributes['gen_ai.request.stream'] === true);
  return {
    childrenOf,
    workflow,
    agent,
    generations: spans.filter(isGeneration),
    plan: chats[0],
    tools: underAgent.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool'),
    embeddings: underAgent.find((s) => s.attributes['gen_ai.operation.name'] === 'embeddings'),
    batch: underAgent.find((s) => s.attributes['mellea.request.num_actions'] !== undefined),
    failed,
    retry: failed ? chats[chats.indexOf(failed) + 1] : undefined,
    answer: streams.find((s) => s.status.code !== ERROR),
    cancelled: streams.find((s) => s.attributes['error.type'] === 'cancelled'),
  };
}

/**
 * @param {DecodedSpan[]} spans
 * @param {{ http?: boolean }} [mode] `http`: the NodeSDK variant, with an HTTP server span around it all
 * @returns {Check[]}
 */
export function checkTrace(spans, { http = false } = {}) {
  /** @type {Check[]} */
  const checks = [];
  /** @type {(ok: unknown, what: string, detail: string) => void} */
  const check = (ok, what, detail) => {
    checks.push({ ok: Boolean(ok), what, ...(ok ? {} : { detail }) });
  };
  const d = demoSpans(spans);

  const traceIds = new Set(spans.map((s) => s.traceId));
  check(traceIds.size === 1, 'all spans belong to one trace', `${traceIds.size} traces`);
  const services = new Set(spans.map((s) => s.resource['service.name']));
  check(
    services.size === 1 && services.has('mellea-demo'),
    'service.name is mellea-demo',
    [...services].join(', '),
  );

  const workflowParent = spans.find((s) => s.spanId === d.workflow?.parentSpanId);
  check(
    d.workflow && (http ? workflowParent?.kind === SERVER : !d.workflow.parentSpanId),
    http ? 'the workflow runs under the HTTP server span of the request' : 'the workflow is the root',
    d.workflow ? `its parent: ${workflowParent?.name ?? 'none'}` : 'no "invoke_workflow support-ticket" span',
  );
  check(
    d.agent && d.agent.parentSpanId === d.workflow?.spanId,
    'workflow → agent',
    `agent's parent: ${spans.find((s) => s.spanId === d.agent?.parentSpanId)?.name}`,
  );
  check(
    d.plan && d.tools.length === 2 && d.embeddings && d.batch && d.answer && d.cancelled,
    'agent → planning chat, two tools, embeddings, batch, streamed answer, cancelled stream',
    `under the agent: ${names(d.childrenOf(d.agent))}`,
  );
  check(
    d.tools.length === 2 && overlap(d.tools[0], d.tools[1]),
    'the two tools ran in parallel (their spans overlap)',
    names(d.tools),
  );
  const toolChat = d.tools
    .flatMap((t) => d.childrenOf(t))
    .find((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  check(
    toolChat,
    'one tool makes a chat call of its own',
    `under the tools: ${names(d.tools.flatMap(d.childrenOf))}`,
  );
  check(
    d.batch?.attributes['mellea.request.num_actions'] === 3 &&
      /** @type {unknown[] | undefined} */ (d.batch.attributes['gen_ai.response.finish_reasons'])?.length ===
        3,
    'one batch request scores the 3 candidate replies',
    JSON.stringify(d.batch?.attributes ?? {}),
  );
  check(
    Number(d.answer?.attributes['gen_ai.response.time_to_first_chunk']) > 0,
    'the streamed answer records its time to first chunk',
    JSON.stringify(d.answer?.attributes['gen_ai.response.time_to_first_chunk']),
  );
  check(
    d.failed?.status.code === ERROR && d.retry && d.retry.status.code !== ERROR,
    'a failing call is ERROR and its retry succeeds',
    `failed: ${d.failed?.name ?? 'none'}; retry: ${d.retry?.name ?? 'none'} ${JSON.stringify(d.retry?.status)}`,
  );
  check(
    d.cancelled?.status.code === ERROR &&
      JSON.stringify(d.cancelled.attributes['gen_ai.response.finish_reasons']) === '["error"]',
    "the stopped stream is cancelled: error.type 'cancelled', finish_reasons ['error']",
    JSON.stringify(d.cancelled?.attributes ?? {}),
  );
  const bare = d.generations.filter((g) => !d.childrenOf(g).some((c) => c.kind === CLIENT));
  check(
    d.generations.length > 0 && bare.length === 0,
    `each of the ${d.generations.length} generations has its HTTP client request (fetch) as a child`,
    `without: ${names(bare)}`,
  );

  // The HTTP server span starts before the app enters withTraceContext: it cannot carry the session.
  const inSession = spans.filter((s) => s.kind !== SERVER);
  const outside = inSession.filter(
    (s) =>
      s.attributes['session.id'] !== DEMO_CONTEXT.sessionId ||
      s.attributes['user.id'] !== DEMO_CONTEXT.userId,
  );
  check(
    outside.length === 0,
    `session.id=${DEMO_CONTEXT.sessionId} and user.id=${DEMO_CONTEXT.userId} on every span${http ? ' under the request' : ''}`,
    `missing on: ${names(outside)}`,
  );
  const expectedErrors = new Set([d.failed, d.cancelled, ...d.childrenOf(d.failed)]);
  const others = spans.filter((s) => s.status.code === ERROR && !expectedErrors.has(s));
  check(others.length === 0, 'nothing else is in error (the failure was survived)', names(others));
  return checks;
}
