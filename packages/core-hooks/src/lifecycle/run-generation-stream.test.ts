import { AsyncLocalStorage } from 'node:async_hooks';
import { HookBus } from '../bus/hook-bus';
import { HookPhaseError } from '../bus/hook-phase-error';
import { captureWarnings, deferred, recordingPlugin } from '../test-support/recorder';
import type { GenerationRequest } from '../types/payloads';
import { runGenerationStream } from './run-generation-stream';

const request: GenerationRequest = { operation: 'chat', provider: 'openai', model: 'gpt-x', stream: true };
const TERMINAL = new Set(['generation_post_call', 'generation_error']);

/** A provider stream that records whether its cleanup (`finally`) ran. */
function provider(
  chunks: string[],
  opts: { failAfter?: number; error?: unknown; signal?: AbortSignal } = {},
) {
  const state = { closed: false, pulled: 0 };
  async function* gen() {
    try {
      for (let i = 0; i < chunks.length; i++) {
        if (opts.failAfter === i) throw opts.error;
        if (opts.signal?.aborted) throw opts.signal.reason;
        state.pulled++;
        yield chunks[i];
      }
      if (opts.failAfter === chunks.length) throw opts.error;
    } finally {
      state.closed = true;
    }
  }
  return { state, start: () => gen() };
}

function textCollector() {
  const seen: string[] = [];
  return {
    seen,
    onChunk: (c: string) => void seen.push(c),
    response: () => ({ id: 'resp-1', model: 'gpt-x', outputMessages: [] }),
  };
}

function setup() {
  const bus = new HookBus();
  const rec = recordingPlugin('rec');
  bus.register(rec);
  const terminals = () => rec.events.filter((e) => TERMINAL.has(e.type));
  return { bus, rec, terminals };
}

async function drain<C>(stream: AsyncIterable<C>): Promise<C[]> {
  const out: C[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

describe('runGenerationStream exit paths', () => {
  let capture: ReturnType<typeof captureWarnings>;
  beforeEach(() => {
    capture = captureWarnings();
  });
  afterEach(() => capture.restore());

  test('natural end: every chunk passes through, then one post_call with chunkCount and timeToFirstChunkMs', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider(['a', 'b', 'c']);
    const collect = textCollector();
    const stream = await runGenerationStream(request, p.start, collect, { bus });
    expect(await drain(stream)).toEqual(['a', 'b', 'c']);
    expect(collect.seen).toEqual(['a', 'b', 'c']);
    expect(terminals()).toHaveLength(1);
    const [post] = rec.ofType('generation_post_call');
    const [pre] = rec.ofType('generation_pre_call');
    expect(post.generationId).toBe(pre.generationId);
    expect(post.chunkCount).toBe(3);
    expect(typeof post.timeToFirstChunkMs).toBe('number');
    expect(post.timeToFirstChunkMs).toBeLessThanOrEqual(post.latencyMs);
    expect(post.response).toEqual({ id: 'resp-1', model: 'gpt-x', outputMessages: [] });
    expect(pre.stream).toBe(true);
  });

  test('consumer break: one error event, cancelled, source consumer, finishReasons error; provider closed', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider(['a', 'b', 'c']);
    const stream = await runGenerationStream(request, p.start, textCollector(), { bus });
    for await (const c of stream) if (c === 'a') break;
    expect(p.state.closed).toBe(true);
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err).toMatchObject({ cancelled: true, source: 'consumer', chunkCount: 1 });
    expect(err.response?.finishReasons).toEqual(['error']);
    expect(err.response?.id).toBe('resp-1');
    expect(typeof err.timeToFirstChunkMs).toBe('number');
    expect((err.error as Error).name).toBe('AbortError');
  });

  test('consumer throws inside the loop: one cancelled error event and the consumer error reaches the consumer', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider(['a', 'b']);
    const stream = await runGenerationStream(request, p.start, textCollector(), { bus });
    const mine = new Error('consumer bug');
    const caught = await (async () => {
      for await (const _ of stream) throw mine;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(mine);
    expect(p.state.closed).toBe(true);
    expect(terminals()).toHaveLength(1);
    expect(rec.ofType('generation_error')[0]).toMatchObject({ cancelled: true, source: 'consumer' });
    expect(rec.ofType('generation_error')[0].response?.finishReasons).toEqual(['error']);
  });

  test('iterator.throw(e) from the consumer ends the stream as cancelled with that error', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider(['a', 'b']);
    const stream = (await runGenerationStream(request, p.start, textCollector(), {
      bus,
    })) as AsyncIterableIterator<string>;
    await stream.next();
    const mine = new Error('stop');
    await stream.throw!(mine).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err.error).toBe(mine);
    expect(err).toMatchObject({ cancelled: true, source: 'consumer' });
    expect(err.response?.finishReasons).toEqual(['error']);
  });

  test('provider throws mid-stream: one error event with the same error, source call, not cancelled', async () => {
    const { bus, rec, terminals } = setup();
    const boom = new Error('connection reset');
    const p = provider(['a', 'b', 'c'], { failAfter: 2, error: boom });
    const stream = await runGenerationStream(request, p.start, textCollector(), { bus });
    const got: string[] = [];
    const caught = await (async () => {
      for await (const c of stream) got.push(c);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(boom);
    expect(got).toEqual(['a', 'b']);
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err.error).toBe(boom);
    expect(err).toMatchObject({ cancelled: false, source: 'call', chunkCount: 2 });
    expect(err.response?.finishReasons).toEqual(['error']);
  });

  test('signal aborts mid-stream (provider ignores it): one cancelled error event, the reason is thrown', async () => {
    const { bus, rec, terminals } = setup();
    const controller = new AbortController();
    const p = provider(['a', 'b', 'c']);
    const stream = await runGenerationStream(request, p.start, textCollector(), {
      bus,
      signal: controller.signal,
    });
    const caught = await (async () => {
      for await (const c of stream) if (c === 'a') controller.abort();
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(controller.signal.reason);
    expect(p.state.closed).toBe(true);
    expect(p.state.pulled).toBe(1);
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err.error).toBe(controller.signal.reason);
    expect(err).toMatchObject({ cancelled: true, source: 'consumer' });
    expect(err.response?.finishReasons).toEqual(['error']);
  });

  test('signal aborts mid-stream (provider honours it): one cancelled error event with the provider error', async () => {
    const { bus, rec, terminals } = setup();
    const controller = new AbortController();
    const gate = deferred();
    async function* honouring() {
      yield 'a';
      await gate.promise;
      throw controller.signal.reason;
    }
    const stream = await runGenerationStream(request, () => honouring(), textCollector(), {
      bus,
      signal: controller.signal,
    });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    controller.abort();
    gate.resolve();
    const caught = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(controller.signal.reason);
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err).toMatchObject({ cancelled: true, source: 'call' });
    expect(err.response?.finishReasons).toEqual(['error']);
  });

  test('zero chunks: one post_call with chunkCount 0 and no timeToFirstChunkMs', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider([]);
    const stream = await runGenerationStream(request, p.start, textCollector(), { bus });
    expect(await drain(stream)).toEqual([]);
    expect(terminals()).toHaveLength(1);
    const [post] = rec.ofType('generation_post_call');
    expect(post.chunkCount).toBe(0);
    expect(post.timeToFirstChunkMs).toBeUndefined();
  });
});

describe('runGenerationStream', () => {
  let capture: ReturnType<typeof captureWarnings>;
  beforeEach(() => {
    capture = captureWarnings();
  });
  afterEach(() => capture.restore());

  test('a start that rejects: one error event with the same error, and the helper rejects with it', async () => {
    const { bus, rec, terminals } = setup();
    const boom = new Error('401');
    const caught = await runGenerationStream(request, async () => Promise.reject(boom), textCollector(), {
      bus,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(boom);
    expect(terminals()).toHaveLength(1);
    expect(rec.ofType('generation_error')[0]).toMatchObject({
      error: boom,
      source: 'call',
      cancelled: false,
    });
  });

  test('no subscriber: the provider stream itself is returned', async () => {
    const bus = new HookBus();
    const p = provider(['a']);
    const iterable = p.start();
    expect(await runGenerationStream(request, () => iterable, textCollector(), { bus })).toBe(iterable);
  });

  test('each next() of the provider stream runs inside the plugin around', async () => {
    const bus = new HookBus();
    const als = new AsyncLocalStorage<string>();
    bus.register({
      name: 'ctx',
      hooks: { generation_pre_call: () => ({ around: (fn) => als.run('span', fn) }) },
    });
    const seen: (string | undefined)[] = [];
    async function* gen() {
      seen.push(als.getStore());
      yield 1;
      await new Promise((r) => setTimeout(r, 1));
      seen.push(als.getStore());
      yield 2;
      seen.push(als.getStore());
    }
    const stream = await runGenerationStream(
      request,
      () => gen(),
      { onChunk() {}, response: () => ({}) },
      { bus },
    );
    expect(await drain(stream)).toEqual([1, 2]);
    expect(seen).toEqual(['span', 'span', 'span']);
  });

  test('a throwing collect is isolated: every chunk still reaches the consumer and post_call fires', async () => {
    const { bus, rec, terminals } = setup();
    const p = provider(['a', 'b']);
    const collect = {
      onChunk: () => {
        throw new Error('collect bug');
      },
      response: () => {
        throw new Error('response bug');
      },
    };
    const stream = await runGenerationStream(request, p.start, collect, { bus });
    expect(await drain(stream)).toEqual(['a', 'b']);
    expect(terminals()).toHaveLength(1);
    expect(rec.ofType('generation_post_call')[0].response).toEqual({});
    expect(capture.warnings.length).toBeGreaterThanOrEqual(1);
  });

  test('after the terminal event, more next() and return() calls emit nothing more', async () => {
    const { bus, terminals } = setup();
    const stream = (await runGenerationStream(request, provider(['a']).start, textCollector(), {
      bus,
    })) as AsyncIterableIterator<string>;
    await drain(stream);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    await stream.return!();
    expect(terminals()).toHaveLength(1);
  });

  test('a strict post_call failure is thrown from the final next() instead of the end', async () => {
    const bus = new HookBus();
    bus.register({
      name: 'strict',
      errorMode: 'strict',
      hooks: {
        generation_post_call: () => {
          throw new Error('post');
        },
      },
    });
    const stream = await runGenerationStream(request, provider(['a']).start, textCollector(), { bus });
    const caught = await drain(stream).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBeInstanceOf(HookPhaseError);
  });

  test('strict HookPhaseError in pre_call: the stream never starts, one error event, it is thrown', async () => {
    const { bus, rec, terminals } = setup();
    bus.register({
      name: 'strict',
      errorMode: 'strict',
      hooks: {
        generation_pre_call: () => {
          throw new Error('pre');
        },
      },
    });
    const p = provider(['a']);
    let started = false;
    const caught = await runGenerationStream(
      request,
      () => {
        started = true;
        return p.start();
      },
      textCollector(),
      { bus },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(started).toBe(false);
    expect(caught).toBeInstanceOf(HookPhaseError);
    expect(terminals()).toHaveLength(1);
    expect(rec.ofType('generation_error')[0].error).toBe(caught);
  });

  test('a blocking plugin is awaited before the stream starts', async () => {
    const bus = new HookBus();
    const gate = deferred();
    bus.register({ name: 'gate', blocking: true, hooks: { generation_pre_call: () => gate.promise } });
    let started = false;
    const pending = runGenerationStream(
      request,
      () => {
        started = true;
        return provider(['a']).start();
      },
      textCollector(),
      { bus },
    );
    await Promise.resolve();
    expect(started).toBe(false);
    gate.resolve();
    expect(await drain(await pending)).toEqual(['a']);
  });

  test('return() before the first next() still ends the stream as cancelled and closes the provider stream', async () => {
    const { bus, rec, terminals } = setup();
    let closed = 0;
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: 'never read' }),
        return: async () => {
          closed++;
          return { done: true, value: undefined };
        },
      }),
    };
    const stream = (await runGenerationStream(request, () => iterable, textCollector(), {
      bus,
    })) as AsyncIterableIterator<string>;
    expect(await stream.return!()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
    expect(terminals()).toHaveLength(1);
    expect(rec.ofType('generation_error')[0]).toMatchObject({
      cancelled: true,
      source: 'consumer',
      chunkCount: 0,
    });
  });
});
