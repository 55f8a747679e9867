// What the demo promises, checked against the spans the OTLP receiver decoded.
import { ancestry } from './span-tree.mjs';

/** The session the demo app puts every span in. */
export const DEMO_SESSION = 'demo-session-42';

/**
 * @param {import('./span-tree.mjs').DecodedSpan[]} spans
 * @returns {{ ok: boolean, what: string, detail?: string }[]}
 */
export function checkTrace(spans) {
  const named = (name) => spans.find((s) => s.name === name);
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
  const chain = chat ? ancestry(chat, spans).join(' → ') : 'no "chat o4-mini" span';
  check(
    chain === 'chat o4-mini → invoke_agent support-agent → resolve → invoke_workflow support-ticket',
    'generation → agent → step → workflow',
    chain,
  );

  const expected = [
    'embeddings text-embedding-3-small',
    'text_completion gpt-3.5-turbo-instruct',
    'execute_tool lookup_order',
    'chat gpt-4o-mini',
    'chat fail-model',
  ];
  const missing = expected.filter((n) => !named(n));
  check(
    missing.length === 0,
    'embedding, batch, tool, streamed chat and failing chat spans arrived',
    `missing: ${missing.join(', ')}`,
  );

  const withoutSession = spans.filter((s) => s.attributes['session.id'] !== DEMO_SESSION);
  check(
    withoutSession.length === 0,
    `session.id=${DEMO_SESSION} on every span`,
    `missing on: ${withoutSession.map((s) => s.name).join(', ')}`,
  );

  const failed = named('chat fail-model');
  check(
    failed?.status.code === 2,
    'the failing generation has status ERROR',
    `status ${JSON.stringify(failed?.status)}`,
  );
  const others = spans.filter((s) => s !== failed && s.status.code === 2);
  check(
    others.length === 0,
    'nothing else is in error (the failure was caught)',
    others.map((s) => s.name).join(', '),
  );
  return checks;
}
