import { runGeneration } from '@mellea/core-hooks';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { CHAT_REQUEST, succeedWith } from '../support/generations';
import { type Harness, setupHarness } from '../support/otel-harness';

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe('BackendTracingPlugin nesting', () => {
  let h: Harness;
  beforeEach(() => {
    h = setupHarness();
  });
  afterEach(() => h.teardown());

  it('makes a generation inside a user span its child', async () => {
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('user-work', async (span) => {
      await succeedWith(h.bus, {});
      span.end();
    });
    const user = h.span('user-work');
    const generation = h.span('chat gpt-4o-mini');
    expect(parentId(generation)).toBe(idOf(user));
    expect(generation.spanContext().traceId).toBe(user.spanContext().traceId);
  });

  it('parents spans started inside the provider call to the generation span, across await, timers and Promise.all', async () => {
    const tracer = trace.getTracer('provider');
    const child = (name: string) => tracer.startSpan(name).end();
    await runGeneration(
      CHAT_REQUEST,
      async () => {
        child('direct');
        await Promise.resolve();
        child('after-await');
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            child('in-timeout');
            resolve();
          }, 1),
        );
        await Promise.all([
          (async () => {
            await new Promise((r) => setImmediate(r));
            child('branch-a');
          })(),
          (async () => {
            await new Promise((r) => setTimeout(r, 2));
            child('branch-b');
          })(),
        ]);
        return 'done';
      },
      () => ({}),
      { bus: h.bus },
    );
    const generation = h.span('chat gpt-4o-mini');
    for (const name of ['direct', 'after-await', 'in-timeout', 'branch-a', 'branch-b']) {
      expect([name, parentId(h.span(name))]).toEqual([name, idOf(generation)]);
    }
  });

  it('makes back-to-back generations without an outer span siblings, each a root', async () => {
    await succeedWith(h.bus, { id: 'first' });
    await succeedWith(h.bus, { id: 'second' });
    const [first, second] = h.spans();
    expect(first.attributes['gen_ai.response.id']).toBe('first');
    expect(second.attributes['gen_ai.response.id']).toBe('second');
    expect(parentId(first)).toBeUndefined();
    expect(parentId(second)).toBeUndefined();
    expect(first.spanContext().traceId).not.toBe(second.spanContext().traceId);
  });

  it('makes back-to-back generations inside one user span siblings under it', async () => {
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('user-work', async (span) => {
      await succeedWith(h.bus, { id: 'first' });
      await succeedWith(h.bus, { id: 'second' });
      span.end();
    });
    const user = h.span('user-work');
    const generations = h.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(generations.map(parentId)).toEqual([idOf(user), idOf(user)]);
  });

  it('leaves the caller context untouched after the generation', async () => {
    await succeedWith(h.bus, {});
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
