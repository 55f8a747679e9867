import { AsyncLocalStorage } from 'node:async_hooks';
import { deferred, useCapturedWarnings } from '../../test/support/recorder';
import { drain, provider, request, setup, textCollector } from '../../test/support/stream-fixtures';
import { HookBus } from '../bus/hook-bus';
import { HookPhaseError } from '../bus/hook-phase-error';
import { runGenerationStream } from './run-generation-stream';

/** A bus whose one plugin's `around` runs the call with the store `'span'`. */
function busWithSpanContext() {
  const bus = new HookBus();
  const als = new AsyncLocalStorage<string>();
  bus.register({
    name: 'ctx',
    hooks: { generation_pre_call: () => ({ around: (fn) => als.run('span', fn) }) },
  });
  return { bus, als };
}

describe('runGenerationStream', () => {
  const capture = useCapturedWarnings();

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

  test('start, every pull and the forwarded return() run inside the plugin around', async () => {
    const { bus, als } = busWithSpanContext();
    const seen: Record<string, string | undefined> = {};
    function gen(): AsyncIterableIterator<number> {
      seen.start = als.getStore();
      let i = 0;
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        async next() {
          seen[`pull ${++i}`] = als.getStore();
          // a pull that awaits keeps the context it was called in
          await new Promise((r) => setTimeout(r, 1));
          seen[`after await ${i}`] = als.getStore();
          return { done: i > 3, value: i };
        },
        async return() {
          seen.return = als.getStore();
          return { done: true, value: undefined };
        },
      };
    }
    const stream = await als.run('consumer', () =>
      runGenerationStream(request, gen, { onChunk() {}, response: () => ({}) }, { bus }),
    );
    const it = stream[Symbol.asyncIterator]();
    await als.run('consumer', async () => {
      await it.next();
      await it.next();
      await it.return?.();
    });
    expect(seen).toEqual({
      start: 'span',
      'pull 1': 'span',
      'after await 1': 'span',
      'pull 2': 'span',
      'after await 2': 'span',
      return: 'span',
    });
  });

  test('pulls that end the stream before any chunk run inside the plugin around', async () => {
    const { bus, als } = busWithSpanContext();
    const seen: (string | undefined)[] = [];
    async function* empty(): AsyncGenerator<never> {
      seen.push(als.getStore());
      yield* [];
    }
    const stream = await runGenerationStream(request, empty, { onChunk() {}, response: () => ({}) }, { bus });
    expect(await drain(stream)).toEqual([]);
    expect(seen).toEqual(['span']);
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
