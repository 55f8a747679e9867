import { context, propagation } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { setBaggageTrustOverride } from '../src/context/baggage-trust';
import { LangfuseSpanProcessor } from '../src/processor/langfuse-span-processor';
import { isolateEnv } from './support/env';
import { resetOtelGlobals, startTracing, withTraceContextValue } from './support/tracing';

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = isolateEnv();
});
afterEach(() => {
  setBaggageTrustOverride(undefined);
  resetOtelGlobals();
  restoreEnv();
});

const BAGGAGE = {
  'session.id': { value: 'sess-b' },
  langfuse_user_id: { value: 'user-lf' },
  'tag.tags': { value: '["web"]' },
  'gen_ai.prompt': { value: 'never taken' },
};

/** One generation span started with `BAGGAGE` (and an optional local trace context) in its parent context; what the processor sent and what others saw. */
async function run(options: { trustBaggage?: boolean }, local?: Record<string, unknown>) {
  const sent = new InMemorySpanExporter();
  const processor = new LangfuseSpanProcessor({ exporter: sent, exportMode: 'immediate', ...options });
  const tracing = startTracing(processor);
  const tracer = tracing.provider.getTracer('llm');
  const withBaggage = propagation.setBaggage(context.active(), propagation.createBaggage(BAGGAGE));
  const startSpan = () =>
    tracer.startSpan('chat m', { attributes: { 'gen_ai.operation.name': 'chat' } }).end();
  context.with(withBaggage, () => (local ? withTraceContextValue(local, startSpan) : startSpan()));
  await processor.forceFlush();
  const out = {
    sent: sent.getFinishedSpans()[0].attributes,
    seen: tracing.memory.getFinishedSpans()[0].attributes,
  };
  await tracing.provider.shutdown();
  return out;
}

test('trustBaggage: session, user and tags from the baggage, on the span and as langfuse.* on the copy; nothing else', async () => {
  const { sent, seen } = await run({ trustBaggage: true });
  expect(seen).toEqual({
    'gen_ai.operation.name': 'chat',
    'session.id': 'sess-b',
    'user.id': 'user-lf',
    'tag.tags': ['web'],
  });
  expect(sent).toMatchObject({
    'langfuse.session.id': 'sess-b',
    'langfuse.user.id': 'user-lf',
    'langfuse.trace.tags': ['web'],
  });
  expect(JSON.stringify(sent)).not.toContain('never taken');
});

test('default (no option, no choice in code, no env): baggage is ignored', async () => {
  const { seen, sent } = await run({});
  expect(seen).toEqual({ 'gen_ai.operation.name': 'chat' });
  expect(sent).not.toHaveProperty(['langfuse.session.id']);
});

test('MELLEA_TRACES_TRUST_BAGGAGE=yes and the choice made in code through instrumentation-flows turn it on', async () => {
  process.env.MELLEA_TRACES_TRUST_BAGGAGE = 'yes';
  expect((await run({})).seen).toHaveProperty(['session.id'], 'sess-b');
  process.env.MELLEA_TRACES_TRUST_BAGGAGE = '0';
  setBaggageTrustOverride(true);
  expect((await run({})).seen).toHaveProperty(['session.id'], 'sess-b');
  expect((await run({ trustBaggage: false })).seen).not.toHaveProperty(['session.id']);
});

test('a local value wins', async () => {
  const { seen } = await run({ trustBaggage: true }, { sessionId: 'local', tags: ['mine'] });
  expect(seen).toMatchObject({ 'session.id': 'local', 'user.id': 'user-lf', 'tag.tags': ['mine'] });
});
