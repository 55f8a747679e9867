import { HookBus, newGenerationId, runGeneration } from '@mellea/core-hooks';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { BackendTracingPlugin } from '../../src/index';
import { CHAT_REQUEST, succeedWith } from '../support/generations';
import { useRecordingHarness } from '../support/otel-harness';

describe('BackendTracingPlugin registration and correlation', () => {
  const env = useRecordingHarness();

  it('ignores a terminal event for an unknown, ended or missing generationId', () => {
    const generationId = newGenerationId();
    expect(() =>
      env.h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 }),
    ).not.toThrow();
    env.h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    env.h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    env.h.bus.emit('generation_post_call', { generationId, response: { id: 'late' }, latencyMs: 1 });
    env.h.bus.emit('generation_error', {
      generationId,
      error: new Error('late'),
      cancelled: false,
      source: 'call',
      latencyMs: 1,
    });
    expect(env.h.spans()).toHaveLength(1);
    expect(env.h.span().attributes['gen_ai.response.id']).toBeUndefined();
    expect(env.h.span().status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes no span when no plugin is registered', async () => {
    env.h.unregister();
    await succeedWith(env.h.bus, { id: 'x' });
    expect(env.sampler.seen).toHaveLength(0);
    expect(env.h.spans()).toHaveLength(0);
  });

  it('makes no span when tracing is off (no tracer provider registered)', async () => {
    trace.disable();
    await succeedWith(env.h.bus, { id: 'x' });
    expect(env.sampler.seen).toHaveLength(0);
    expect(env.h.spans()).toHaveLength(0);
  });

  it('keeps interleaved generations apart: ending A leaves B open', () => {
    const a = newGenerationId();
    const b = newGenerationId();
    env.h.bus.emit('generation_pre_call', { generationId: a, operation: 'chat', model: 'model-a' });
    env.h.bus.emit('generation_pre_call', { generationId: b, operation: 'chat', model: 'model-b' });
    env.h.bus.emit('generation_post_call', { generationId: a, response: { id: 'resp-a' }, latencyMs: 1 });
    expect(env.h.spans().map((s) => s.name)).toEqual(['chat model-a']);
    expect(env.h.plugin.inFlightCount).toBe(1);
    env.h.bus.emit('generation_post_call', { generationId: b, response: { id: 'resp-b' }, latencyMs: 1 });
    expect(env.h.span('chat model-a').attributes['gen_ai.response.id']).toBe('resp-a');
    expect(env.h.span('chat model-b').attributes['gen_ai.response.id']).toBe('resp-b');
    expect(env.h.span('chat model-a').spanContext().spanId).not.toBe(
      env.h.span('chat model-b').spanContext().spanId,
    );
  });

  it('registers again after unregistering', async () => {
    env.h.unregister();
    const unregister = env.h.plugin.register(env.h.bus);
    await succeedWith(env.h.bus, {});
    unregister();
    unregister();
    await succeedWith(env.h.bus, {});
    expect(env.h.spans()).toHaveLength(1);
    expect(env.h.bus.pluginNames()).toEqual([]);
  });

  it('ends open spans as abandoned when unregistered from its last bus', () => {
    const generationId = newGenerationId();
    env.h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    env.h.unregister();
    expect(env.h.span().attributes['error.type']).toBe('abandoned');
    expect(env.h.plugin.inFlightCount).toBe(0);
  });

  it('registers on the process-wide hooks bus by default', async () => {
    env.h.unregister();
    const unregister = env.h.plugin.register();
    try {
      await runGeneration(
        CHAT_REQUEST,
        async () => 'x',
        () => ({}),
      );
    } finally {
      unregister();
    }
    expect(env.h.spans()).toHaveLength(1);
  });

  it('is registered under the name backend_tracing', () => {
    expect(env.h.plugin.name).toBe('backend_tracing');
    expect(env.h.bus.pluginNames()).toEqual(['backend_tracing']);
  });

  it('runs on a bus of its own without touching the process-wide one', async () => {
    const other = new HookBus();
    const unregister = new BackendTracingPlugin().register(other);
    await succeedWith(other, {});
    unregister();
    expect(env.h.spans()).toHaveLength(1);
  });
});
