import { HookBus, runGeneration } from '@mellea/core-hooks';
import { context, defaultTextMapGetter, defaultTextMapSetter, propagation, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { setBaggageTrustOverride } from '../config/baggage-trust';
import { traceAgent } from '../flows/trace-agent';
import { BackendTracingPlugin } from '../plugin/backend-tracing-plugin';
import { withTraceContext } from './trace-context';
import { TraceContextSpanProcessor } from './trace-context-span-processor';

let env: TracingTestEnv;
let bus: HookBus;
let unregister: () => void;
function start(opts: { processorTrust?: boolean; pluginTrust?: boolean } = {}) {
  env = setupTracingTestEnv({
    spanProcessors: [new TraceContextSpanProcessor({ trustBaggage: opts.processorTrust })],
  });
  propagation.setGlobalPropagator(new W3CBaggagePropagator());
  bus = new HookBus();
  unregister = new BackendTracingPlugin({ metrics: false, trustBaggage: opts.pluginTrust }).register(bus);
}
afterEach(async () => {
  unregister();
  setBaggageTrustOverride(undefined);
  await env.close();
});

/** The headers the W3C baggage propagator would send from the active context. */
function outgoingHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier;
}

/** Runs `fn` in the context a server extracts from `headers`. */
function asReceiver<T>(headers: Record<string, string>, fn: () => T): T {
  return context.with(propagation.extract(context.active(), headers, defaultTextMapGetter), fn);
}

function generate(): Promise<unknown> {
  return runGeneration(
    { operation: 'chat', provider: 'openai', model: 'm' },
    async () => ({}),
    () => ({}),
    { bus },
  );
}

const caller = {
  sessionId: 'sess-1',
  userId: 'user-1',
  tags: ['web', 'a,b'],
  traceName: 'secret-name',
  metadata: { k: 'v' },
};

describe('sending: withTraceContext({ propagate })', () => {
  beforeEach(() => start());

  test('propagate: true sends session.id, user.id and tag.tags (JSON); never name, metadata or conversation id', () => {
    const headers = withTraceContext({ ...caller, conversationId: 'conv', propagate: true }, outgoingHeaders);
    const entries = Object.fromEntries(
      headers.baggage.split(',').map((kv) => kv.split('=').map(decodeURIComponent) as [string, string]),
    );
    expect(entries).toEqual({ 'session.id': 'sess-1', 'user.id': 'user-1', 'tag.tags': '["web","a,b"]' });
  });

  test('off by default: no baggage header', () => {
    expect(withTraceContext(caller, outgoingHeaders)).toEqual({});
  });

  test('inner scopes inherit propagate and update the entries; propagate: false removes them, keeping foreign entries', () => {
    const foreign = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ tenant: { value: 't1' } }),
    );
    context.with(foreign, () =>
      withTraceContext({ sessionId: 's', propagate: true }, () => {
        const inner = withTraceContext({ userId: 'u', tags: ['x'] }, () =>
          propagation.getBaggage(context.active()),
        );
        expect(inner?.getAllEntries().map(([k, e]) => [k, e.value])).toEqual([
          ['tenant', 't1'],
          ['session.id', 's'],
          ['user.id', 'u'],
          ['tag.tags', '["x"]'],
        ]);
        const off = withTraceContext({ propagate: false }, () => propagation.getBaggage(context.active()));
        expect(off?.getAllEntries().map(([k]) => k)).toEqual(['tenant']);
      }),
    );
  });
});

describe('receiving: trustBaggage', () => {
  const incoming = () => withTraceContext({ ...caller, propagate: true }, outgoingHeaders);

  test('trusted: the generation span and foreign spans take session, user and tags from the baggage; nothing else', async () => {
    start({ processorTrust: true, pluginTrust: true });
    const headers = incoming();
    await asReceiver(headers, async () => {
      trace.getTracer('http').startSpan('GET /tool').end();
      await generate();
    });
    const expected = { 'session.id': 'sess-1', 'user.id': 'user-1', 'tag.tags': ['web', 'a,b'] };
    expect(env.span('GET /tool').attributes).toEqual(expected);
    const gen = env.span('chat m').attributes;
    expect(gen).toMatchObject({ ...expected, 'gen_ai.conversation.id': 'sess-1' });
    expect(Object.keys(gen).filter((k) => k.startsWith('mellea.trace'))).toEqual([]);
  });

  test('not trusted (default): none of them', async () => {
    start();
    await asReceiver(incoming(), async () => {
      trace.getTracer('http').startSpan('GET /tool').end();
      await generate();
    });
    expect(env.span('GET /tool').attributes).toEqual({});
    expect(env.span('chat m').attributes).not.toHaveProperty(['session.id']);
    expect(env.span('chat m').attributes).not.toHaveProperty(['user.id']);
  });

  test('a local value always wins, field by field', async () => {
    start({ processorTrust: true, pluginTrust: true });
    await asReceiver(incoming(), () => withTraceContext({ userId: 'local-user', tags: ['svc'] }, generate));
    expect(env.span('chat m').attributes).toMatchObject({
      'session.id': 'sess-1',
      'user.id': 'local-user',
      'tag.tags': ['svc'],
    });
  });

  test("Langfuse's propagateAttributes({ asBaggage }) keys are read; ours win over them; other entries never", () => {
    start({ processorTrust: true });
    const headers = {
      baggage:
        'langfuse_session_id=lf-sess,langfuse_user_id=lf-user,user.id=ours,gen_ai.input.messages=hi,mellea.trace.name=n',
    };
    asReceiver(headers, () => trace.getTracer('http').startSpan('lf').end());
    expect(env.span('lf').attributes).toEqual({ 'session.id': 'lf-sess', 'user.id': 'ours' });
  });

  test('setupTracing/MelleaInstrumentation choice (the global override) reaches flow spans and the processor', async () => {
    start();
    setBaggageTrustOverride(true);
    await asReceiver(incoming(), () => traceAgent('helper', async () => 1));
    expect(env.span('invoke_agent helper').attributes).toMatchObject({
      'session.id': 'sess-1',
      'user.id': 'user-1',
    });
  });
});
