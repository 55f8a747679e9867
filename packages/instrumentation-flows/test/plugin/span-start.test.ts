import { newGenerationId, runGeneration } from '@mellea/core-hooks';
import { SpanKind } from '@opentelemetry/api';
import { BackendTracingPlugin, withTraceContext } from '../../src/index';
import { CHAT_REQUEST, succeedWith } from '../support/generations';
import { useRecordingHarness } from '../support/otel-harness';

describe('BackendTracingPlugin span start', () => {
  const env = useRecordingHarness();

  it('starts one open span at pre_call with every request attribute visible to the sampler', () => {
    const generationId = newGenerationId();
    env.h.bus.emit('generation_pre_call', {
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

    expect(env.sampler.seen).toHaveLength(1);
    expect(env.sampler.seen[0].name).toBe('chat gpt-4o');
    expect(env.sampler.seen[0].kind).toBe(SpanKind.CLIENT);
    expect(env.sampler.seen[0].attributes).toEqual({
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
    expect(env.h.spans()).toHaveLength(0);
    expect(env.h.plugin.inFlightCount).toBe(1);

    env.h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    expect(env.h.spans()).toHaveLength(1);
    expect(env.h.plugin.inFlightCount).toBe(0);
  });

  it('names the span after the operation alone when the model is unknown', () => {
    const generationId = newGenerationId();
    env.h.bus.emit('generation_pre_call', { generationId, operation: 'chat' });
    env.h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: 1 });
    expect(env.h.span().name).toBe('chat');
    expect(env.h.span().attributes['gen_ai.request.model']).toBeUndefined();
    expect(env.h.span().attributes['gen_ai.request.stream']).toBeUndefined();
  });

  it('uses span kind INTERNAL for an in-process model', async () => {
    await succeedWith(
      env.h.bus,
      {},
      { operation: 'chat', provider: 'huggingface', model: 'granite', inProcess: true },
    );
    expect(env.h.span().kind).toBe(SpanKind.INTERNAL);
  });

  it('records mellea.generation.id only with recordGenerationId', async () => {
    env.h.unregister();
    const plugin = new BackendTracingPlugin({ recordGenerationId: true });
    const unregister = plugin.register(env.h.bus);
    const generationId = newGenerationId();
    await runGeneration(
      CHAT_REQUEST,
      async () => 'x',
      () => ({}),
      { bus: env.h.bus, generationId },
    );
    unregister();
    expect(env.h.span().attributes['mellea.generation.id']).toBe(generationId);
  });

  it('starts no span for a pre_call without a generationId, and does not throw', () => {
    expect(() => env.h.bus.emit('generation_pre_call', { ...CHAT_REQUEST } as never)).not.toThrow();
    expect(() => env.h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId: '' })).not.toThrow();
    expect(env.sampler.seen).toHaveLength(0);
    expect(env.h.plugin.inFlightCount).toBe(0);
  });

  it('sets gen_ai.conversation.id and the session attributes from the trace context', async () => {
    await withTraceContext({ sessionId: 'sess-123', userId: 'user-7', tags: ['beta'] }, () =>
      succeedWith(env.h.bus, {}),
    );
    const a = env.h.span().attributes;
    expect(a['gen_ai.conversation.id']).toBe('sess-123');
    expect(a['session.id']).toBe('sess-123');
    expect(a['user.id']).toBe('user-7');
    expect(a['tag.tags']).toEqual(['beta']);
    expect(env.sampler.seen[0].attributes['gen_ai.conversation.id']).toBe('sess-123');
  });

  it('prefers the trace context conversationId over the sessionId', async () => {
    await withTraceContext({ sessionId: 'sess-1', conversationId: 'conv-9' }, () =>
      succeedWith(env.h.bus, {}),
    );
    expect(env.h.span().attributes['gen_ai.conversation.id']).toBe('conv-9');
  });

  it('leaves out a non-integer value of an attribute semconv types as int', async () => {
    await succeedWith(
      env.h.bus,
      {},
      {
        ...CHAT_REQUEST,
        server: { address: 'localhost', port: 8080.5 },
        params: { maxTokens: 256.5, seed: 1.5, choiceCount: 2.2, topK: 40.5 },
      },
    );
    const a = env.h.span().attributes;
    for (const name of ['gen_ai.request.max_tokens', 'gen_ai.request.seed', 'gen_ai.request.choice.count'])
      expect([name, a[name]]).toEqual([name, undefined]);
    expect(a['server.port']).toBeUndefined();
    expect(a['gen_ai.request.top_k']).toBe(40.5); // a double in semconv v1.41
  });

  it('does not let the request attributes overwrite the semconv ones', async () => {
    await succeedWith(
      env.h.bus,
      {},
      { ...CHAT_REQUEST, attributes: { 'gen_ai.operation.name': 'hijack', 'app.x': 1 } },
    );
    expect(env.h.span().attributes['gen_ai.operation.name']).toBe('chat');
    expect(env.h.span().attributes['app.x']).toBe(1);
  });
});
