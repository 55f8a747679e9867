import { HookBus, newGenerationId, runGeneration } from '@mellea/core-hooks';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { BackendTracingPlugin } from '../../src/index';
import { CHAT_REQUEST, succeedWith } from './support/generations';
import { type Harness, setupHarness } from './support/otel-harness';
import { RecordingSampler } from './support/recording-sampler';

describe('BackendTracingPlugin registration and correlation', () => {
  let h: Harness;
  let sampler: RecordingSampler;

  beforeEach(() => {
    sampler = new RecordingSampler();
    h = setupHarness({ sampler });
  });
  afterEach(() => h.teardown());

  it('ignores a terminal event for an unknown, ended or missing generationId', () => {
    const generationId = newGenerationId();
    expect(() =>
      h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 }),
    ).not.toThrow();
    h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    h.bus.emit('generation_post_call', { generationId, response: { id: 'late' }, latencyMs: 1 });
    h.bus.emit('generation_error', {
      generationId,
      error: new Error('late'),
      cancelled: false,
      source: 'call',
      latencyMs: 1,
    });
    expect(h.spans()).toHaveLength(1);
    expect(h.span().attributes['gen_ai.response.id']).toBeUndefined();
    expect(h.span().status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes no span when no plugin is registered', async () => {
    h.unregister();
    await succeedWith(h.bus, { id: 'x' });
    expect(sampler.seen).toHaveLength(0);
    expect(h.spans()).toHaveLength(0);
  });

  it('makes no span when tracing is off (no tracer provider registered)', async () => {
    trace.disable();
    await succeedWith(h.bus, { id: 'x' });
    expect(sampler.seen).toHaveLength(0);
    expect(h.spans()).toHaveLength(0);
  });

  it('keeps interleaved generations apart: ending A leaves B open', () => {
    const a = newGenerationId();
    const b = newGenerationId();
    h.bus.emit('generation_pre_call', { generationId: a, operation: 'chat', model: 'model-a' });
    h.bus.emit('generation_pre_call', { generationId: b, operation: 'chat', model: 'model-b' });
    h.bus.emit('generation_post_call', { generationId: a, response: { id: 'resp-a' }, latencyMs: 1 });
    expect(h.spans().map((s) => s.name)).toEqual(['chat model-a']);
    expect(h.plugin.inFlightCount).toBe(1);
    h.bus.emit('generation_post_call', { generationId: b, response: { id: 'resp-b' }, latencyMs: 1 });
    expect(h.span('chat model-a').attributes['gen_ai.response.id']).toBe('resp-a');
    expect(h.span('chat model-b').attributes['gen_ai.response.id']).toBe('resp-b');
    expect(h.span('chat model-a').spanContext().spanId).not.toBe(h.span('chat model-b').spanContext().spanId);
  });

  it('registers again after unregistering', async () => {
    h.unregister();
    const unregister = h.plugin.register(h.bus);
    await succeedWith(h.bus, {});
    unregister();
    unregister();
    await succeedWith(h.bus, {});
    expect(h.spans()).toHaveLength(1);
    expect(h.bus.pluginNames()).toEqual([]);
  });

  it('ends open spans as abandoned when unregistered from its last bus', () => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    h.unregister();
    expect(h.span().attributes['error.type']).toBe('abandoned');
    expect(h.plugin.inFlightCount).toBe(0);
  });

  it('registers on the process-wide hooks bus by default', async () => {
    h.unregister();
    const unregister = h.plugin.register();
    try {
      await runGeneration(
        CHAT_REQUEST,
        async () => 'x',
        () => ({}),
      );
    } finally {
      unregister();
    }
    expect(h.spans()).toHaveLength(1);
  });

  it('is registered under the name backend_tracing', () => {
    expect(h.plugin.name).toBe('backend_tracing');
    expect(h.bus.pluginNames()).toEqual(['backend_tracing']);
  });

  it('runs on a bus of its own without touching the process-wide one', async () => {
    const other = new HookBus();
    const unregister = new BackendTracingPlugin().register(other);
    await succeedWith(other, {});
    unregister();
    expect(h.spans()).toHaveLength(1);
  });
});
