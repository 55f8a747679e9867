import { newGenerationId, normalizeUsage, runGeneration } from '@mellea/core-hooks';
import { SpanStatusCode } from '@opentelemetry/api';
import { BackendTracingPlugin } from '../../src/index';
import { CHAT_REQUEST, failWith, succeedWith } from '../support/generations';
import { useRecordingHarness } from '../support/otel-harness';

class ValueError extends Error {}

describe('BackendTracingPlugin span end', () => {
  const env = useRecordingHarness();

  it('records usage, provider and model on success and leaves the status unset', async () => {
    const usage = normalizeUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    await succeedWith(env.h.bus, { usage });
    const span = env.h.span('chat gpt-4o-mini');
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
    await succeedWith(env.h.bus, { usage });
    const a = env.h.span().attributes;
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
    await succeedWith(env.h.bus, { usage });
    expect(env.h.span().attributes['gen_ai.usage.cache_read.input_tokens']).toBe(90);
    expect(env.h.span().attributes['gen_ai.usage.reasoning.output_tokens']).toBe(40);
  });

  it('normalizes a raw provider usage object passed by mistake', async () => {
    await succeedWith(env.h.bus, {
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } as never,
    });
    expect(env.h.span().attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(env.h.span().attributes['gen_ai.usage.output_tokens']).toBe(5);
  });

  it('leaves out token counts that are not non-negative integers', async () => {
    await succeedWith(env.h.bus, { usage: { inputTokens: 10.5, outputTokens: -1, cacheReadInputTokens: 3 } });
    const a = env.h.span().attributes;
    expect(a['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(a['mellea.usage.total_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(3);
  });

  it('sets response id, response model and finish reasons when present', async () => {
    await succeedWith(env.h.bus, {
      id: 'chatcmpl-123',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop', 'length'],
    });
    const a = env.h.span().attributes;
    expect(a['gen_ai.response.id']).toBe('chatcmpl-123');
    expect(a['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop', 'length']);
  });

  it('leaves response and usage attributes out when unknown', async () => {
    await succeedWith(env.h.bus, {});
    const keys = Object.keys(env.h.span().attributes);
    expect(keys.filter((k) => k.startsWith('gen_ai.response.') || k.includes('usage'))).toEqual([]);
    expect(keys).not.toContain('mellea.generation.id');
  });

  it('records a failure as exception event, ERROR status with the message and error.type', async () => {
    const error = new ValueError('model refused the input');
    expect(await failWith(env.h.bus, error)).toBe(error);
    const span = env.h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'model refused the input' });
    expect(span.attributes['error.type']).toBe('ValueError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.type']).toBe('ValueError');
    expect(span.events[0].attributes?.['exception.message']).toBe('model refused the input');
  });

  it('uses _OTHER as error.type for a thrown value without a name', async () => {
    await failWith(env.h.bus, 'plain string failure');
    expect(env.h.span().attributes['error.type']).toBe('_OTHER');
    expect(env.h.span().status.message).toBe('plain string failure');
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
      { bus: env.h.bus, signal: controller.signal },
    );
    controller.abort();
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
    const span = env.h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(span.attributes['error.type']).toBe('cancelled');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    // the class, not the DOMException's legacy numeric code (20)
    expect(span.events[0].attributes?.['exception.type']).toBe('AbortError');
  });

  it("records the error's class as exception.type even when the error has a code", async () => {
    await failWith(env.h.bus, Object.assign(new TypeError('fetch failed'), { code: 'ECONNRESET' }));
    expect(env.h.span().events[0].attributes?.['exception.type']).toBe('TypeError');
    expect(env.h.span().attributes['error.type']).toBe('TypeError');
  });

  it('records a generation the consumer cancelled without an exception event', () => {
    const generationId = newGenerationId();
    env.h.bus.emit('generation_pre_call', { generationId, ...CHAT_REQUEST });
    env.h.bus.emit('generation_error', {
      generationId,
      error: new Error('consumer stopped the stream'),
      cancelled: true,
      source: 'consumer',
      latencyMs: 3,
      response: { finishReasons: ['error'] },
    });
    const span = env.h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(span.attributes['error.type']).toBe('cancelled');
    expect(span.events).toHaveLength(0);
  });

  it('masks a secret in the error message in both the exception event and the status', async () => {
    await failWith(env.h.bus, new Error('401: invalid key sk-proj-abcdefghijklmnop1234 for org'));
    const span = env.h.span();
    expect(span.status.message).toBe('401: invalid key sk-[REDACTED] for org');
    expect(span.events[0].attributes?.['exception.message']).toBe('401: invalid key sk-[REDACTED] for org');
    expect(JSON.stringify(span.events)).not.toContain('abcdefghijklmnop1234');
  });

  it('still records a failure, fully masked, when the redactor throws', async () => {
    env.h.unregister();
    const redact = () => {
      throw new Error('redactor bug');
    };
    const unregister = new BackendTracingPlugin({ redact }).register(env.h.bus);
    await failWith(env.h.bus, new ValueError('bad key sk-proj-abcdefghijklmnop1234'));
    unregister();
    const span = env.h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '[REDACTED]' });
    expect(span.attributes['error.type']).toBe('ValueError');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(JSON.stringify(span.events)).not.toContain('abcdefghijklmnop1234');
  });

  it('keeps the secret in error messages with redact: false', async () => {
    env.h.unregister();
    const unregister = new BackendTracingPlugin({ redact: false }).register(env.h.bus);
    await failWith(env.h.bus, new Error('bad key sk-proj-abcdefghijklmnop1234'));
    unregister();
    expect(env.h.span().status.message).toBe('bad key sk-proj-abcdefghijklmnop1234');
  });
});
