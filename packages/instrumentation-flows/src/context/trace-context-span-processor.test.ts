import { type AttributeValue, context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-base';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { TRACE_CONTEXT_KEY, withTraceContext } from './trace-context';
import { TraceContextSpanProcessor } from './trace-context-span-processor';

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv({ spanProcessors: [new TraceContextSpanProcessor()] });
});
afterEach(async () => {
  await env.close();
});

const full = {
  sessionId: 'sess-1',
  userId: 'user-1',
  conversationId: 'conv-1',
  tags: ['beta', 'web'],
  traceName: 'checkout',
  metadata: { region: 'eu' },
};

it('stamps a span of another instrumentation with session.id, user.id and tag.tags only', () => {
  withTraceContext(full, () => trace.getTracer('some-http-lib').startSpan('GET').end());
  expect(env.span('GET').attributes).toEqual({
    'session.id': 'sess-1',
    'user.id': 'user-1',
    'tag.tags': ['beta', 'web'],
  });
});

it('never overwrites a value the span already has', () => {
  withTraceContext(full, () =>
    trace
      .getTracer('db-lib')
      .startSpan('query', { attributes: { 'session.id': 'own-session', 'tag.tags': ['own'] } })
      .end(),
  );
  expect(env.span('query').attributes).toEqual({
    'session.id': 'own-session',
    'tag.tags': ['own'],
    'user.id': 'user-1',
  });
});

it('stamps nothing outside a trace context', () => {
  trace.getTracer('lib').startSpan('plain').end();
  expect(env.span('plain').attributes).toEqual({});
});

it('reads the trace context of the context the span was started in, not the active one', () => {
  const parent = withTraceContext({ sessionId: 'from-parent' }, () => context.active());
  withTraceContext({ sessionId: 'active' }, () =>
    trace.getTracer('lib').startSpan('explicit', {}, parent).end(),
  );
  expect(env.span('explicit').attributes['session.id']).toBe('from-parent');
});

it('works on any span object with public setAttribute (an SDK 3.x span shape), and never throws', () => {
  const processor = new TraceContextSpanProcessor();
  const parent = ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, { sessionId: 's', tags: ['t'] });
  const set: Record<string, AttributeValue> = {};
  const minimal = {
    isRecording: () => true,
    setAttribute(key: string, value: AttributeValue) {
      set[key] = value;
      return this;
    },
  };
  processor.onStart(minimal as unknown as Span, parent);
  expect(set).toEqual({ 'session.id': 's', 'tag.tags': ['t'] });

  const hostile = {
    setAttribute() {
      throw new Error('ended');
    },
  };
  expect(() => processor.onStart(hostile as unknown as Span, parent)).not.toThrow();
  const notRecording = { isRecording: () => false, setAttribute: jest.fn() };
  processor.onStart(notRecording as unknown as Span, parent);
  expect(notRecording.setAttribute).not.toHaveBeenCalled();
});

it('resolves forceFlush and shutdown at once', async () => {
  const processor = new TraceContextSpanProcessor();
  await expect(processor.forceFlush()).resolves.toBeUndefined();
  await expect(processor.shutdown()).resolves.toBeUndefined();
});
