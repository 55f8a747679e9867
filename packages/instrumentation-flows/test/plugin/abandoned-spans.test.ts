import { newGenerationId } from '@mellea/core-hooks';
import { SpanStatusCode } from '@opentelemetry/api';
import { CHAT_REQUEST } from '../support/generations';
import { type Harness, setupHarness } from '../support/otel-harness';

describe('BackendTracingPlugin abandoned spans', () => {
  let h: Harness;
  afterEach(async () => {
    jest.useRealTimers();
    await h.teardown();
  });

  const start = (model = 'gpt-4o-mini') => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, model, generationId });
    return generationId;
  };

  it('ends a generation with no terminal event as abandoned after spanTimeoutMs (checked every tenth of it)', () => {
    jest.useFakeTimers();
    h = setupHarness({ plugin: { spanTimeoutMs: 60_000 } });
    const generationId = start();
    jest.advanceTimersByTime(59_999);
    expect(h.spans()).toHaveLength(0);
    jest.advanceTimersByTime(6_001);
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'abandoned' });
    expect(span.attributes['error.type']).toBe('abandoned');
    expect(h.plugin.inFlightCount).toBe(0);
    // a late terminal event is ignored
    h.bus.emit('generation_post_call', { generationId, response: { id: 'late' }, latencyMs: 70_000 });
    expect(h.spans()).toHaveLength(1);
    expect(h.span().attributes['gen_ai.response.id']).toBeUndefined();
  });

  it('abandons each span at its own deadline and keeps the ones still in time', () => {
    jest.useFakeTimers();
    h = setupHarness({ plugin: { spanTimeoutMs: 10_000 } });
    start('first');
    jest.advanceTimersByTime(4_000);
    const second = start('second');
    jest.advanceTimersByTime(5_999);
    expect(h.spans()).toHaveLength(0);
    jest.advanceTimersByTime(1_001); // 11 s: the first is past its deadline, the second is 7 s old
    expect(h.spans().map((s) => s.name)).toEqual(['chat first']);
    expect(h.plugin.inFlightCount).toBe(1);
    h.bus.emit('generation_post_call', { generationId: second, response: {}, latencyMs: 6_500 });
    jest.advanceTimersByTime(60_000);
    expect(h.spans().map((s) => [s.name, s.status.code])).toEqual([
      ['chat first', SpanStatusCode.ERROR],
      ['chat second', SpanStatusCode.UNSET],
    ]);
    expect(h.plugin.inFlightCount).toBe(0);
  });

  it('does not abandon generations that end in time', () => {
    jest.useFakeTimers();
    h = setupHarness({ plugin: { spanTimeoutMs: 1_000 } });
    for (let i = 0; i < 5; i++) {
      const id = start();
      jest.advanceTimersByTime(500);
      h.bus.emit('generation_post_call', { generationId: id, response: {}, latencyMs: 500 });
    }
    jest.advanceTimersByTime(10_000);
    expect(h.spans().every((s) => s.status.code === SpanStatusCode.UNSET)).toBe(true);
    expect(h.spans()).toHaveLength(5);
  });

  it('ends the oldest open span as abandoned past maxInFlight', () => {
    h = setupHarness({ plugin: { maxInFlight: 3 } });
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5'].map((m) => start(m));
    expect(h.spans().map((s) => s.name)).toEqual(['chat m1', 'chat m2']);
    expect(h.spans().every((s) => s.attributes['error.type'] === 'abandoned')).toBe(true);
    expect(h.plugin.inFlightCount).toBe(3);
    for (const generationId of ids)
      h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    expect(h.plugin.inFlightCount).toBe(0);
    expect(h.spans().map((s) => s.name)).toEqual(['chat m1', 'chat m2', 'chat m3', 'chat m4', 'chat m5']);
  });

  it('keeps memory bounded whatever the framework does: the in-flight map never exceeds maxInFlight', () => {
    h = setupHarness({ plugin: { maxInFlight: 100 } });
    for (let i = 0; i < 1_000; i++) start();
    expect(h.plugin.inFlightCount).toBe(100);
    expect(h.spans()).toHaveLength(900);
  });
});
