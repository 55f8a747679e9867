import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { HookBus } from '../bus/hook-bus';
import { runGeneration } from '../lifecycle/run-generation';
import { runGenerationBatch } from '../lifecycle/run-generation-batch';
import { runGenerationStream } from '../lifecycle/run-generation-stream';
import { recordTracingChannel } from '../test-support/channel-recorder';
import { busWithRecorder, useCapturedWarnings } from '../test-support/recorder';
import { drain, provider } from '../test-support/stream-fixtures';
import { GENERATION_BATCH_CHANNEL, GENERATION_CHANNEL } from './generation-channel';

const request = { operation: 'chat' as const, provider: 'openai', model: 'gpt-x' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A stream collector whose response carries usage and finish reasons once the last chunk came. */
function usageCollector() {
  const text: string[] = [];
  return {
    onChunk: (c: string) => void text.push(c),
    response: () => ({
      id: 'resp-9',
      finishReasons: text.length === 3 ? ['stop'] : [],
      usage: { inputTokens: 5, outputTokens: text.length },
    }),
  };
}

describe('mellea:generation diagnostics channel, subscriber alone (no plugin on the bus)', () => {
  useCapturedWarnings();
  let rec: ReturnType<typeof recordTracingChannel>;
  beforeEach(() => {
    rec = recordTracingChannel(GENERATION_CHANNEL);
  });
  afterEach(() => rec.stop());

  test('a call: start, end, asyncStart, asyncEnd with one message object holding request, response, latencyMs', async () => {
    const bus = new HookBus();
    const result = { text: 'hi', usage: { prompt_tokens: 3 } };
    const got = await runGeneration(
      request,
      async () => result,
      (r) => ({ id: 'r1', usage: { inputTokens: r.usage.prompt_tokens } }),
      {
        bus,
      },
    );
    expect(got).toBe(result);
    expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const message = rec.seen[0].message;
    for (const s of rec.seen) expect(s.message).toBe(message);
    expect(message.generationId).toMatch(UUID);
    expect(message.request).toMatchObject({ ...request, generationId: message.generationId });
    expect(message.response).toEqual({ id: 'r1', usage: { inputTokens: 3 } });
    expect(typeof message.latencyMs).toBe('number');
    expect(message).not.toHaveProperty('error');
  });

  test('the global bus with no plugin: the subscriber alone takes the traced path; the call runs in the stores bound to start', async () => {
    const als = new AsyncLocalStorage<string>();
    const start = diagnosticsChannel.channel(`tracing:${GENERATION_CHANNEL}:start`);
    start.bindStore(als, (m) => `span-of-${(m as { generationId: string }).generationId}`);
    try {
      let inside: string | undefined;
      await runGeneration(
        request,
        async () => {
          inside = als.getStore();
          return 1;
        },
        () => ({}),
      );
      expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      expect(inside).toBe(`span-of-${rec.seen[0].message.generationId}`);
    } finally {
      start.unbindStore(als);
    }
  });

  test('start and end come before the call settles; asyncStart and asyncEnd after', async () => {
    let release!: (v: number) => void;
    const pending = runGeneration(
      request,
      () => new Promise<number>((r) => (release = r)),
      () => ({}),
      {
        bus: new HookBus(),
      },
    );
    expect(rec.order()).toEqual(['start', 'end']);
    release(7);
    expect(await pending).toBe(7);
    expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
  });

  test('a failing call: error, asyncStart, asyncEnd with the very error object the caller gets', async () => {
    const boom = new Error('provider down');
    const caught = await runGeneration(
      request,
      () => Promise.reject(boom),
      () => ({}),
      { bus: new HookBus() },
    ).catch((e: unknown) => e);
    expect(caught).toBe(boom);
    expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const message = rec.seen[2].message;
    expect(message.error).toBe(boom);
    expect(message.cancelled).toBe(false);
    expect(typeof message.latencyMs).toBe('number');
    expect(message).not.toHaveProperty('response');
  });

  test('a call that throws synchronously is published like an async function that rejects', async () => {
    const boom = new TypeError('bad arguments');
    const caught = await runGeneration(
      request,
      () => {
        throw boom;
      },
      () => ({}),
      { bus: new HookBus() },
    ).catch((e: unknown) => e);
    expect(caught).toBe(boom);
    expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(rec.seen[4].message.error).toBe(boom);
  });

  test('an aborted call: cancelled true', async () => {
    const controller = new AbortController();
    const pending = runGeneration(
      request,
      (signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      () => ({}),
      { bus: new HookBus(), signal: controller.signal },
    );
    controller.abort();
    const caught = await pending.catch((e: unknown) => e);
    expect(rec.seen[2].message).toMatchObject({ error: caught, cancelled: true });
  });

  test('a stream run to its end: asyncEnd only when the stream ended, with usage, finish reasons and time to first chunk', async () => {
    const p = provider(['a', 'b', 'c']);
    const stream = await runGenerationStream(request, p.start, usageCollector(), { bus: new HookBus() });
    expect(rec.order()).toEqual(['start', 'end']);
    expect(await drain(stream)).toEqual(['a', 'b', 'c']);
    expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const message = rec.seen[3].message;
    for (const s of rec.seen) expect(s.message).toBe(message);
    expect(message.request).toMatchObject({ stream: true, model: 'gpt-x' });
    expect(message.response).toEqual({
      id: 'resp-9',
      finishReasons: ['stop'],
      usage: { inputTokens: 5, outputTokens: 3 },
    });
    expect(message.chunkCount).toBe(3);
    expect(typeof message.timeToFirstChunkMs).toBe('number');
    expect(message.timeToFirstChunkMs as number).toBeLessThanOrEqual(message.latencyMs as number);
  });

  test('a stream cancelled by break: error (AbortError, cancelled, consumer) then asyncStart, asyncEnd; provider closed', async () => {
    const p = provider(['a', 'b', 'c']);
    const stream = await runGenerationStream(request, p.start, usageCollector(), { bus: new HookBus() });
    for await (const c of stream) if (c === 'a') break;
    expect(p.state.closed).toBe(true);
    expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const message = rec.seen[2].message;
    expect(message).toMatchObject({ cancelled: true, source: 'consumer', chunkCount: 1 });
    expect((message.error as Error).name).toBe('AbortError');
    expect(message.response).toMatchObject({
      id: 'resp-9',
      finishReasons: ['error'],
      usage: { outputTokens: 1 },
    });
  });

  test('a stream whose provider fails mid-way: the consumer and the channel get the same error object', async () => {
    const boom = new Error('connection reset');
    const p = provider(['a', 'b'], { failAfter: 1, error: boom });
    const stream = await runGenerationStream(request, p.start, usageCollector(), { bus: new HookBus() });
    const caught = await drain(stream).catch((e: unknown) => e);
    expect(caught).toBe(boom);
    expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(rec.seen[2].message).toMatchObject({
      error: boom,
      cancelled: false,
      source: 'call',
      chunkCount: 1,
    });
  });

  test('a stream that cannot be opened: error with the very error of start()', async () => {
    const boom = new Error('401');
    const caught = await runGenerationStream(request, () => Promise.reject(boom), usageCollector(), {
      bus: new HookBus(),
    }).catch((e: unknown) => e);
    expect(caught).toBe(boom);
    expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(rec.seen[2].message.error).toBe(boom);
  });

  test('beside a plugin: both see the generation, under the same generationId', async () => {
    const { bus, rec: plugin } = busWithRecorder();
    await runGeneration(
      request,
      async () => 1,
      () => ({ id: 'x' }),
      { bus, generationId: 'gen-7' },
    );
    expect(plugin.events.map((e) => e.type)).toEqual(['generation_pre_call', 'generation_post_call']);
    expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(rec.seen[0].message.generationId).toBe('gen-7');
    expect(rec.seen[0].message.request).toBe(plugin.events[0].payload);
  });

  test('a subscriber that freezes the message does not change the call', async () => {
    const freeze = (m: unknown) => void Object.freeze(m);
    const start = diagnosticsChannel.channel(`tracing:${GENERATION_CHANNEL}:start`);
    start.subscribe(freeze);
    try {
      const result = await runGeneration(
        request,
        async () => 'ok',
        () => ({ id: 'r' }),
        { bus: new HookBus() },
      );
      expect(result).toBe('ok');
      expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    } finally {
      start.unsubscribe(freeze);
    }
  });

  test('unsubscribed: nothing is published', async () => {
    rec.stop();
    let ran = false;
    await runGeneration(
      request,
      async () => (ran = true),
      () => ({}),
      { bus: new HookBus() },
    );
    expect(ran).toBe(true);
    expect(rec.seen).toEqual([]);
  });
});

describe('mellea:generation_batch diagnostics channel', () => {
  useCapturedWarnings();

  test('a batch: one message with the batch request, responses, summed usage and latency', async () => {
    const rec = recordTracingChannel(GENERATION_BATCH_CHANNEL);
    const single = recordTracingChannel(GENERATION_CHANNEL);
    try {
      const out = await runGenerationBatch(
        { ...request, operation: 'text_completion', size: 2 },
        async () => ['a', 'b'],
        (texts) => ({ responses: texts.map((t) => ({ id: t, usage: { outputTokens: 2 } })) }),
        { bus: new HookBus() },
      );
      expect(out).toEqual(['a', 'b']);
      expect(single.seen).toEqual([]);
      expect(rec.order()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
      const message = rec.seen[3].message;
      expect(message.request).toMatchObject({ size: 2, operation: 'text_completion' });
      expect(message.responses).toEqual([
        { id: 'a', usage: { outputTokens: 2 } },
        { id: 'b', usage: { outputTokens: 2 } },
      ]);
      expect(message.usage).toEqual({ outputTokens: 4 });
      expect(typeof message.latencyMs).toBe('number');
    } finally {
      rec.stop();
      single.stop();
    }
  });

  test('a failing batch: error with the very error object, cancelled false', async () => {
    const rec = recordTracingChannel(GENERATION_BATCH_CHANNEL);
    try {
      const boom = new Error('rate limited');
      const caught = await runGenerationBatch(
        { ...request, size: 3 },
        () => Promise.reject(boom),
        () => ({ responses: [] }),
        {
          bus: new HookBus(),
        },
      ).catch((e: unknown) => e);
      expect(caught).toBe(boom);
      expect(rec.order()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
      expect(rec.seen[2].message).toMatchObject({ error: boom, cancelled: false });
    } finally {
      rec.stop();
    }
  });
});
