// What the demo promises, checked against the spans the OTLP receiver decoded.
import { ancestry } from './span-tree.mjs';

/** The session the demo app puts every span in. */
export const DEMO_SESSION = 'demo-session-42';

const SERVER = 2;
const CLIENT = 3;
const GENERATIONS = [
  'embeddings text-embedding-3-small',
  'text_completion gpt-3.5-turbo-instruct',
  'chat o4-mini',
  'chat gpt-4o-mini',
  'chat fail-model',
];

/**
 * @param {import('./span-tree.mjs').DecodedSpan[]} spans
 * @param {{ http?: boolean }} [mode] `http`: the NodeSDK variant, with HTTP server and client spans
 * @returns {{ ok: boolean, what: string, detail?: string }[]}
 */
export function checkTrace(spans, { http = false } = {}) {
  const named = (name) => spans.find((s) => s.name === name);
  const childrenOf = (span) => spans.filter((s) => s.parentSpanId === span?.spanId);
  const checks = [];
  const check = (ok, what, detail) => checks.push({ ok: Boolean(ok), what, ...(ok ? {} : { detail }) });

  const traceIds = new Set(spans.map((s) => s.traceId));
  check(traceIds.size === 1, 'all spans belong to one trace', `${traceIds.size} traces`);

  const services = new Set(spans.map((s) => s.resource['service.name']));
  check(
    services.size === 1 && services.has('mellea-demo'),
    'service.name is mellea-demo (OTEL_SERVICE_NAME)',
    [...services].join(', '),
  );

  const chat = named('chat o4-mini');
  const chain = chat ? ancestry(chat, spans) : [];
  const expected = [
    'chat o4-mini',
    'invoke_agent support-agent',
    'resolve',
    'invoke_workflow support-ticket',
  ];
  const root = spans.find((s) => !s.parentSpanId);
  check(
    expected.every((name, i) => chain[i] === name) && chain.length === expected.length + (http ? 1 : 0),
    http
      ? 'generation → agent → step → workflow → HTTP server request'
      : 'generation → agent → step → workflow',
    chain.join(' → ') || 'no "chat o4-mini" span',
  );
  if (http) check(root?.kind === SERVER, 'the root is the app’s HTTP SERVER span', `root: ${root?.name}`);

  const missing = [...GENERATIONS, 'execute_tool lookup_order'].filter((n) => !named(n));
  check(
    missing.length === 0,
    'embedding, batch, tool, chat, streamed chat and failing chat spans arrived',
    `missing: ${missing.join(', ')}`,
  );
  if (http) {
    const bare = GENERATIONS.filter((n) => !childrenOf(named(n)).some((c) => c.kind === CLIENT));
    check(
      bare.length === 0,
      'each model call has its HTTP client request (fetch) as a child',
      `without: ${bare.join(', ')}`,
    );
  }

  // The HTTP server span starts before the app enters withTraceContext: it cannot carry the session.
  const inSession = spans.filter((s) => s.kind !== SERVER);
  const withoutSession = inSession.filter((s) => s.attributes['session.id'] !== DEMO_SESSION);
  check(
    withoutSession.length === 0,
    `session.id=${DEMO_SESSION} on every span${http ? ' under the request' : ''}`,
    `missing on: ${withoutSession.map((s) => s.name).join(', ')}`,
  );

  const failed = named('chat fail-model');
  check(
    failed?.status.code === 2,
    'the failing generation has status ERROR',
    `status ${JSON.stringify(failed?.status)}`,
  );
  const others = spans.filter(
    (s) => s.status.code === 2 && s !== failed && s.parentSpanId !== failed?.spanId,
  );
  check(
    others.length === 0,
    'nothing else is in error (the failure was caught)',
    others.map((s) => s.name).join(', '),
  );
  return checks;
}
