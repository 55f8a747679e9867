import { HookBus, newGenerationId, normalizeUsage, runGeneration } from '@mellea/core-hooks';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BackendTracingPlugin, withTraceContext } from '../../src/index';
import { CHAT_REQUEST, failWith, succeedWith } from './support/generations';
import { type Harness, setupHarness } from './support/otel-harness';
import { RecordingSampler } from './support/recording-sampler';

class ValueError extends Error {}

describe('BackendTracingPlugin span lifecycle', () => {
  let h: Harness;
  let sampler: RecordingSampler;

  beforeEach(() => {
    sampler = new RecordingSampler();
    h = setupHarness({ sampler });
  });
  afterEach(() => h.teardown());

  it('starts one open span at pre_call with every request attribute visible to the sampler', () => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', {
      generationId,
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o',
      stream: true,
      outputType: 'json',
      server: { address: 'api.openai.com', port: 443 },
      params: {
        temperature: 0.2,
        maxTokens: 256,
        topP: 0.9,
        topK: 40,
        stopSequences: ['\n\n', 'END'],
        seed: 7,
        frequencyPenalty: 0.1,
        presencePenalty: 0.3,
        choiceCount: 2,
      },
      attributes: { 'mellea.component.type': 'Instruction' },
    });

    expect(sampler.seen).toHaveLength(1);
    expect(sampler.seen[0].name).toBe('chat gpt-4o');
    expect(sampler.seen[0].kind).toBe(SpanKind.CLIENT);
    expect(sampler.seen[0].attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.stream': true,
      'gen_ai.output.type': 'json',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['\n\n', 'END'],
      'gen_ai.request.seed': 7,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': 0.3,
      'gen_ai.request.choice.count': 2,
      'mellea.component.type': 'Instruction',
    });
    expect(h.spans()).toHaveLength(0);
    expect(h.plugin.inFlightCount).toBe(1);

    h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    expect(h.spans()).toHaveLength(1);
    expect(h.plugin.inFlightCount).toBe(0);
  });

  it('names the span after the operation alone when the model is unknown', () => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { generationId, operation: 'chat' });
    h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    expect(h.span().name).toBe('chat');
    expect(h.span().attributes['gen_ai.request.model']).toBeUndefined();
    expect(h.span().attributes['gen_ai.request.stream']).toBeUndefined();
  });

  it('uses span kind INTERNAL for an in-process model', async () => {
    await succeedWith(
      h.bus,
      {},
      { operation: 'chat', provider: 'huggingface', model: 'granite', inProcess: true },
    );
    expect(h.span().kind).toBe(SpanKind.INTERNAL);
  });

  it('records usage, provider and model on success and leaves the status unset', async () => {
    const usage = normalizeUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    await succeedWith(h.bus, { usage });
    const span = h.span('chat gpt-4o-mini');
    expect(span.ended).toBe(true);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(5);
    expect(span.attributes['mellea.usage.total_tokens']).toBe(15);
    expect(span.attributes['gen_ai.provider.name']).toBe('openai');
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toHaveLength(0);
  });

  it('maps nested cache reads, cache creation and nested reasoning onto the semconv usage attributes', async () => {
    const usage = normalizeUsage({
      prompt_tokens: 300,
      completion_tokens: 50,
      prompt_tokens_details: { cached_tokens: 75 },
      cache_creation_input_tokens: 200,
      completion_tokens_details: { reasoning_tokens: 30 },
    });
    await succeedWith(h.bus, { usage });
    const a = h.span().attributes;
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(75);
    expect(a['gen_ai.usage.cache_creation.input_tokens']).toBe(200);
    expect(a['gen_ai.usage.reasoning.output_tokens']).toBe(30);
    expect(a['gen_ai.usage.input_tokens']).toBe(300);
    expect(a['gen_ai.usage.output_tokens']).toBe(50);
    expect(a['mellea.usage.total_tokens']).toBe(350);
  });

  it('prefers top-level cache and reasoning counts over nested ones', async () => {
    const usage = normalizeUsage({
      prompt_tokens: 300,
      completion_tokens: 50,
      cache_read_input_tokens: 90,
      prompt_tokens_details: { cached_tokens: 75 },
      reasoning_tokens: 40,
      completion_tokens_details: { reasoning_tokens: 30 },
    });
    await succeedWith(h.bus, { usage });
    expect(h.span().attributes['gen_ai.usage.cache_read.input_tokens']).toBe(90);
    expect(h.span().attributes['gen_ai.usage.reasoning.output_tokens']).toBe(40);
  });

  it('normalizes a raw provider usage object passed by mistake', async () => {
    await succeedWith(h.bus, {
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } as never,
    });
    expect(h.span().attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(h.span().attributes['gen_ai.usage.output_tokens']).toBe(5);
  });

  it('sets response id, response model and finish reasons when present', async () => {
    await succeedWith(h.bus, {
      id: 'chatcmpl-123',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop', 'length'],
    });
    const a = h.span().attributes;
    expect(a['gen_ai.response.id']).toBe('chatcmpl-123');
    expect(a['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop', 'length']);
  });

  it('leaves response and usage attributes out when unknown', async () => {
    await succeedWith(h.bus, {});
    const keys = Object.keys(h.span().attributes);
    expect(keys.filter((k) => k.startsWith('gen_ai.response.') || k.includes('usage'))).toEqual([]);
    expect(keys).not.toContain('mellea.generation.id');
  });

  it('records mellea.generation.id only with recordGenerationId', async () => {
    h.unregister();
    const plugin = new BackendTracingPlugin({ recordGenerationId: true });
    const unregister = plugin.register(h.bus);
    const generationId = newGenerationId();
    await runGeneration(
      CHAT_REQUEST,
      async () => 'x',
      () => ({}),
      { bus: h.bus, generationId },
    );
    unregister();
    expect(h.span().attributes['mellea.generation.id']).toBe(generationId);
  });

  it('records a failure as exception event, ERROR status with the message and error.type', async () => {
    const error = new ValueError('model refused the input');
    expect(await failWith(h.bus, error)).toBe(error);
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'model refused the input' });
    expect(span.attributes['error.type']).toBe('ValueError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.type']).toBe('ValueError');
    expect(span.events[0].attributes?.['exception.message']).toBe('model refused the input');
  });

  it('uses _OTHER as error.type for a thrown value without a name', async () => {
    await failWith(h.bus, 'plain string failure');
    expect(h.span().attributes['error.type']).toBe('_OTHER');
    expect(h.span().status.message).toBe('plain string failure');
  });

  it('records an aborted call as cancelled, with the exception event of the call', async () => {
    const controller = new AbortController();
    const failure = runGeneration(
      CHAT_REQUEST,
      (signal) =>
        new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      () => ({}),
      { bus: h.bus, signal: controller.signal },
    );
    controller.abort();
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(span.attributes['error.type']).toBe('cancelled');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('records a generation the consumer cancelled without an exception event', () => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    h.bus.emit('generation_error', {
      generationId,
      error: new Error('consumer stopped the stream'),
      cancelled: true,
      source: 'consumer',
      latencyMs: 3,
      response: { finishReasons: ['error'] },
    });
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(span.attributes['error.type']).toBe('cancelled');
    expect(span.events).toHaveLength(0);
  });

  it('masks a secret in the error message in both the exception event and the status', async () => {
    await failWith(h.bus, new Error('401: invalid key sk-proj-abcdefghijklmnop1234 for org'));
    const span = h.span();
    expect(span.status.message).toBe('401: invalid key sk-[REDACTED] for org');
    expect(span.events[0].attributes?.['exception.message']).toBe('401: invalid key sk-[REDACTED] for org');
    expect(JSON.stringify(span.events)).not.toContain('abcdefghijklmnop1234');
  });

  it('keeps the secret in error messages with redact: false', async () => {
    h.unregister();
    const unregister = new BackendTracingPlugin({ redact: false }).register(h.bus);
    await failWith(h.bus, new Error('bad key sk-proj-abcdefghijklmnop1234'));
    unregister();
    expect(h.span().status.message).toBe('bad key sk-proj-abcdefghijklmnop1234');
  });

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

  it('starts no span for a pre_call without a generationId, and does not throw', () => {
    expect(() => h.bus.emit('generation_pre_call', { ...CHAT_REQUEST } as never)).not.toThrow();
    expect(() => h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId: '' })).not.toThrow();
    expect(sampler.seen).toHaveLength(0);
    expect(h.plugin.inFlightCount).toBe(0);
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

  it('sets gen_ai.conversation.id and the session attributes from the trace context', async () => {
    await withTraceContext({ sessionId: 'sess-123', userId: 'user-7', tags: ['beta'] }, () =>
      succeedWith(h.bus, {}),
    );
    const a = h.span().attributes;
    expect(a['gen_ai.conversation.id']).toBe('sess-123');
    expect(a['session.id']).toBe('sess-123');
    expect(a['user.id']).toBe('user-7');
    expect(a['tag.tags']).toEqual(['beta']);
    expect(sampler.seen[0].attributes['gen_ai.conversation.id']).toBe('sess-123');
  });

  it('prefers the trace context conversationId over the sessionId', async () => {
    await withTraceContext({ sessionId: 'sess-1', conversationId: 'conv-9' }, () => succeedWith(h.bus, {}));
    expect(h.span().attributes['gen_ai.conversation.id']).toBe('conv-9');
  });

  it('does not let the request attributes overwrite the semconv ones', async () => {
    await succeedWith(
      h.bus,
      {},
      { ...CHAT_REQUEST, attributes: { 'gen_ai.operation.name': 'hijack', 'app.x': 1 } },
    );
    expect(h.span().attributes['gen_ai.operation.name']).toBe('chat');
    expect(h.span().attributes['app.x']).toBe(1);
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
