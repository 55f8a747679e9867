import { newGenerationId, runGeneration } from '@mellea/core-hooks';
import { SpanKind } from '@opentelemetry/api';
import { BackendTracingPlugin, withTraceContext } from '../../src/index';
import { CHAT_REQUEST, succeedWith } from './support/generations';
import { type Harness, setupHarness } from './support/otel-harness';
import { RecordingSampler } from './support/recording-sampler';

describe('BackendTracingPlugin span start', () => {
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

  it('starts no span for a pre_call without a generationId, and does not throw', () => {
    expect(() => h.bus.emit('generation_pre_call', { ...CHAT_REQUEST } as never)).not.toThrow();
    expect(() => h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId: '' })).not.toThrow();
    expect(sampler.seen).toHaveLength(0);
    expect(h.plugin.inFlightCount).toBe(0);
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

  it('leaves out a non-integer value of an attribute semconv types as int', async () => {
    await succeedWith(
      h.bus,
      {},
      {
        ...CHAT_REQUEST,
        server: { address: 'localhost', port: 8080.5 },
        params: { maxTokens: 256.5, seed: 1.5, choiceCount: 2.2, topK: 40.5 },
      },
    );
    const a = h.span().attributes;
    for (const name of ['gen_ai.request.max_tokens', 'gen_ai.request.seed', 'gen_ai.request.choice.count'])
      expect([name, a[name]]).toEqual([name, undefined]);
    expect(a['server.port']).toBeUndefined();
    expect(a['gen_ai.request.top_k']).toBe(40.5); // a double in semconv v1.41
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
});
