import { newGenerationId, runGenerationStream } from '@mellea/core-hooks';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { CHAT_REQUEST } from '../support/generations';
import { type Harness, setupHarness } from '../support/otel-harness';

const STREAM_REQUEST = { ...CHAT_REQUEST, stream: true };

function provider(
  chunks: string[],
  opts: { failAfter?: number; error?: unknown; signal?: AbortSignal } = {},
) {
  async function* gen() {
    for (let i = 0; i < chunks.length; i++) {
      if (opts.failAfter === i) throw opts.error;
      if (opts.signal?.aborted) throw opts.signal.reason;
      await new Promise((r) => setTimeout(r, 2));
      yield chunks[i];
    }
  }
  return () => gen();
}

const collector = () => ({
  onChunk() {},
  response: () => ({
    id: 'resp-1',
    model: 'gpt-4o-mini',
    finishReasons: ['stop'],
    usage: { inputTokens: 4, outputTokens: 3 },
  }),
});

async function settle(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('BackendTracingPlugin on streams', () => {
  let h: Harness;
  beforeEach(() => {
    h = setupHarness();
  });
  afterEach(() => h.teardown());

  /** Every exit path must end the one span exactly once. */
  afterEach(() => {
    expect(h.plugin.inFlightCount).toBe(0);
  });

  it('records time to first chunk in seconds on a stream that ends naturally', async () => {
    const stream = await runGenerationStream(STREAM_REQUEST, provider(['a', 'b', 'c']), collector(), {
      bus: h.bus,
    });
    for await (const _ of stream) {
      // drain
    }
    const span = h.span();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(3);
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThanOrEqual(hrTimeToMilliseconds(span.duration) / 1000);
  });

  it('converts the payload time to first chunk from milliseconds to seconds', () => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { generationId, ...STREAM_REQUEST });
    h.bus.emit('generation_post_call', {
      generationId,
      response: {},
      latencyMs: 900,
      timeToFirstChunkMs: 250,
      chunkCount: 8,
    });
    expect(h.span().attributes['gen_ai.response.time_to_first_chunk']).toBe(0.25);
  });

  it('has no time to first chunk when the stream had no chunk', async () => {
    const stream = await runGenerationStream(STREAM_REQUEST, provider([]), collector(), { bus: h.bus });
    for await (const _ of stream) {
      // drain
    }
    expect(h.span().attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
    expect(h.span().status.code).toBe(SpanStatusCode.UNSET);
  });

  it.each([
    [
      'consumer break',
      async (s: AsyncIterable<string>) => {
        for await (const _ of s) break;
      },
    ],
    [
      'consumer throws inside the loop',
      async (s: AsyncIterable<string>) => {
        for await (const _ of s) throw new Error('consumer bug');
      },
    ],
    [
      'iterator.return()',
      async (s: AsyncIterable<string>) => {
        const it = s[Symbol.asyncIterator]();
        await it.next();
        await it.return?.();
      },
    ],
    [
      'iterator.throw(e)',
      async (s: AsyncIterable<string>) => {
        const it = s[Symbol.asyncIterator]();
        await it.next();
        await it.throw?.(new Error('stop'));
      },
    ],
  ])(
    'ends a stream the consumer stopped (%s) as cancelled, finish reason error, no exception event',
    async (_label, consume) => {
      const stream = await runGenerationStream(STREAM_REQUEST, provider(['a', 'b', 'c']), collector(), {
        bus: h.bus,
      });
      await settle(() => consume(stream));
      const span = h.span();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
      expect(span.attributes['error.type']).toBe('cancelled');
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
      expect(span.events).toHaveLength(0);
    },
  );

  it('ends a stream whose provider throws mid-stream as an error with the exception event', async () => {
    const boom = new TypeError('connection reset');
    const stream = await runGenerationStream(
      STREAM_REQUEST,
      provider(['a', 'b', 'c'], { failAfter: 2, error: boom }),
      collector(),
      { bus: h.bus },
    );
    const caught = await settle(async () => {
      for await (const _ of stream) {
        // drain
      }
    });
    expect(caught).toBe(boom);
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('ends a stream aborted through its signal as cancelled', async () => {
    const controller = new AbortController();
    const stream = await runGenerationStream(STREAM_REQUEST, provider(['a', 'b', 'c']), collector(), {
      bus: h.bus,
      signal: controller.signal,
    });
    await settle(async () => {
      for await (const c of stream) if (c === 'a') controller.abort();
    });
    const span = h.span();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('ends a stream whose start rejects as an error', async () => {
    const boom = new RangeError('no such model');
    const caught = await settle(() =>
      runGenerationStream(STREAM_REQUEST, () => Promise.reject(boom), collector(), { bus: h.bus }),
    );
    expect(caught).toBe(boom);
    expect(h.span().attributes['error.type']).toBe('RangeError');
    expect(h.span().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ends a stream that was dropped unfinished as cancelled once it is garbage-collected', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(typeof gc).toBe('function');
    await (async () => {
      const stream = await runGenerationStream(STREAM_REQUEST, provider(['a', 'b']), collector(), {
        bus: h.bus,
      });
      await stream[Symbol.asyncIterator]().next();
    })();
    for (let i = 0; i < 50 && h.spans().length === 0; i++) {
      gc?.();
      await new Promise((r) => setImmediate(r));
    }
    const span = h.span();
    expect(span.attributes['error.type']).toBe('cancelled');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
  });

  it('runs every pull inside the generation span: a request the provider makes at any pull is its child', async () => {
    const tracer = trace.getTracer('provider');
    async function* pulls() {
      for (const c of ['a', 'b']) {
        await new Promise((r) => setTimeout(r, 1));
        tracer.startSpan(`pull ${c}`).end();
        yield c;
      }
    }
    const consumer = tracer.startSpan('consumer');
    await context.with(trace.setSpan(context.active(), consumer), async () => {
      const stream = await runGenerationStream(STREAM_REQUEST, () => pulls(), collector(), { bus: h.bus });
      for await (const _ of stream) {
        // drain
      }
    });
    consumer.end();
    const generation = h.span('chat gpt-4o-mini');
    expect(generation.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect(h.span('pull a').parentSpanContext?.spanId).toBe(generation.spanContext().spanId);
    expect(h.span('pull b').parentSpanContext?.spanId).toBe(generation.spanContext().spanId);
  });

  it('emits nothing more after the terminal event', async () => {
    const stream = await runGenerationStream(STREAM_REQUEST, provider(['a']), collector(), { bus: h.bus });
    const it = stream[Symbol.asyncIterator]();
    while (!(await it.next()).done) {
      // drain
    }
    await it.next();
    await it.return?.();
    expect(h.spans()).toHaveLength(1);
    expect(h.span().status.code).toBe(SpanStatusCode.UNSET);
  });
});
