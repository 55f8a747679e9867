import { runGenerationBatch } from '@mellea/core-hooks';
import { SpanStatusCode } from '@opentelemetry/api';
import { withTraceContext } from '../../src/index';
import { batchOf } from './support/generations';
import { type Harness, setupHarness } from './support/otel-harness';

const responses = [
  {
    id: 'r1',
    model: 'gpt-3.5-turbo-instruct',
    finishReasons: ['stop'],
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'one' }] }],
  },
  {
    id: 'r2',
    model: 'gpt-3.5-turbo-instruct',
    finishReasons: ['length'],
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'two' }] }],
  },
  {
    id: 'r3',
    model: 'gpt-3.5-turbo-instruct',
    finishReasons: ['stop'],
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'three' }] }],
  },
];
const prompts = ['first', 'second', 'third'].map((t) => [
  { role: 'user', parts: [{ type: 'text', content: t }] },
]);

describe('BackendTracingPlugin on batches', () => {
  let h: Harness;
  afterEach(() => h.teardown());

  it('makes one text_completion span with the number of actions, usage and every finish reason in order', async () => {
    h = setupHarness();
    await batchOf(h.bus, responses, { inputTokens: 30, outputTokens: 12, totalTokens: 42 });
    const span = h.span('text_completion gpt-3.5-turbo-instruct');
    expect(span.attributes['gen_ai.operation.name']).toBe('text_completion');
    expect(span.attributes['mellea.request.num_actions']).toBe(3);
    expect(span.attributes['gen_ai.request.choice.count']).toBeUndefined();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop', 'length', 'stop']);
    expect(span.attributes['gen_ai.response.model']).toBe('gpt-3.5-turbo-instruct');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(30);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(12);
    expect(span.attributes['mellea.usage.total_tokens']).toBe(42);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toHaveLength(0);
  });

  it('defaults the batch operation to text_completion', () => {
    h = setupHarness();
    h.bus.emit('generation_batch_pre_call', { generationId: 'b-1', size: 2, model: 'm' } as never);
    h.bus.emit('generation_batch_post_call', { generationId: 'b-1', responses: [], latencyMs: 1 });
    expect(h.span().name).toBe('text_completion m');
  });

  it('keeps the operation a batch was given', async () => {
    h = setupHarness();
    await batchOf(h.bus, responses, undefined, { operation: 'embeddings', model: 'text-embedding-3-small' });
    expect(h.span().name).toBe('embeddings text-embedding-3-small');
  });

  it('records a batch error like a single error', async () => {
    h = setupHarness();
    const boom = new SyntaxError('bad batch payload');
    await expect(
      runGenerationBatch(
        { operation: 'text_completion', provider: 'openai', model: 'gpt-3.5-turbo-instruct', size: 2 },
        async () => {
          throw boom;
        },
        () => ({ responses: [] }),
        { bus: h.bus },
      ),
    ).rejects.toBe(boom);
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad batch payload' });
    expect(span.attributes['error.type']).toBe('SyntaxError');
    expect(span.attributes['mellea.request.num_actions']).toBe(2);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('records a cancelled batch as cancelled', () => {
    h = setupHarness();
    h.bus.emit('generation_batch_pre_call', { generationId: 'b-2', operation: 'text_completion', size: 2 });
    h.bus.emit('generation_batch_error', {
      generationId: 'b-2',
      error: new Error('aborted'),
      cancelled: true,
      latencyMs: 1,
    });
    expect(h.span().status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(h.span().attributes['error.type']).toBe('cancelled');
  });

  it('records content as one operation-details event per prompt, never as the choice count', async () => {
    h = setupHarness({ plugin: { captureContent: true } });
    const request = {
      operation: 'text_completion' as const,
      provider: 'openai',
      model: 'gpt-3.5-turbo-instruct',
      size: 3,
      prompts,
    };
    await runGenerationBatch(
      request,
      async () => 'ok',
      () => ({ responses }),
      { bus: h.bus },
    );
    const span = h.span();
    expect(span.events.map((e) => e.name)).toEqual([
      'gen_ai.client.inference.operation.details',
      'gen_ai.client.inference.operation.details',
      'gen_ai.client.inference.operation.details',
    ]);
    span.events.forEach((event, i) => {
      const a = event.attributes ?? {};
      expect(a['mellea.request.action_index']).toBe(i);
      expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual(prompts[i]);
      // each output message carries its finish reason (semconv output message schema)
      expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
        { ...responses[i].outputMessages[0], finish_reason: responses[i].finishReasons[0] },
      ]);
      expect(a['gen_ai.response.finish_reasons']).toEqual(responses[i].finishReasons);
    });
    expect(span.attributes['gen_ai.request.choice.count']).toBeUndefined();
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('sums the responses usage when the batch has none of its own', () => {
    h = setupHarness();
    h.bus.emit('generation_batch_pre_call', { generationId: 'b-3', operation: 'text_completion', size: 2 });
    h.bus.emit('generation_batch_post_call', {
      generationId: 'b-3',
      responses: [
        { usage: { inputTokens: 3, outputTokens: 1 } },
        { usage: { inputTokens: 4, outputTokens: 2 } },
      ],
      latencyMs: 1,
    });
    expect(h.span().attributes['gen_ai.usage.input_tokens']).toBe(7);
    expect(h.span().attributes['gen_ai.usage.output_tokens']).toBe(3);
  });

  it("gives each item's event the request's operation, provider, model, conversation, server and parameters", async () => {
    h = setupHarness({ plugin: { captureContent: true } });
    await withTraceContext({ conversationId: 'conv-7' }, () =>
      runGenerationBatch(
        {
          operation: 'text_completion',
          provider: 'openai',
          model: 'gpt-3.5-turbo-instruct',
          server: { address: 'api.openai.com', port: 443 },
          params: { seed: 3, temperature: 0 },
          size: 2,
          prompts: prompts.slice(0, 2),
        },
        async () => 'ok',
        () => ({ responses: responses.slice(0, 2) }),
        { bus: h.bus },
      ),
    );
    const events = h.span().events.map((e) => e.attributes ?? {});
    expect(events.map((a) => [a['gen_ai.response.id'], a['gen_ai.response.model']])).toEqual([
      ['r1', 'gpt-3.5-turbo-instruct'],
      ['r2', 'gpt-3.5-turbo-instruct'],
    ]);
    for (const a of events)
      expect(a).toMatchObject({
        'gen_ai.operation.name': 'text_completion',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-3.5-turbo-instruct',
        'gen_ai.conversation.id': 'conv-7',
        'server.address': 'api.openai.com',
        'server.port': 443,
        'gen_ai.request.seed': 3,
        'gen_ai.request.temperature': 0,
      });
    // Batch-level attributes stay on the span.
    expect(events[0]['mellea.request.num_actions']).toBeUndefined();
  });

  it("puts the failure's error.type on each item's event of a failed batch", async () => {
    h = setupHarness({ plugin: { captureContent: true } });
    const failing = runGenerationBatch(
      { operation: 'text_completion', provider: 'openai', model: 'm', size: 2, prompts: prompts.slice(0, 2) },
      async () => {
        throw new RangeError('rate limited');
      },
      () => ({ responses: [] }),
      { bus: h.bus },
    );
    await expect(failing).rejects.toThrow('rate limited');
    const events = h.span().events.filter((e) => e.name === 'gen_ai.client.inference.operation.details');
    expect(events.map((e) => [e.attributes?.['error.type'], e.attributes?.['gen_ai.request.model']])).toEqual(
      [
        ['RangeError', 'm'],
        ['RangeError', 'm'],
      ],
    );
  });
});
