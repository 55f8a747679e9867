import { deferred, useCapturedWarnings } from '../../test/support/recorder';
import { drain, provider, request, setup, textCollector } from '../../test/support/stream-fixtures';
import { runGenerationStream } from './run-generation-stream';

describe('runGenerationStream exit paths', () => {
  useCapturedWarnings();

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
    // The caller's signal, not the consumer: source 'call', as when the provider honours it.
    expect(err).toMatchObject({ cancelled: true, source: 'call' });
    expect(err.response?.finishReasons).toEqual(['error']);
  });

  test('signal times out mid-stream (AbortSignal.timeout style): a failure, not a cancellation', async () => {
    const { bus, rec, terminals } = setup();
    const controller = new AbortController();
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    const p = provider(['a', 'b', 'c']);
    const stream = await runGenerationStream(request, p.start, textCollector(), {
      bus,
      signal: controller.signal,
    });
    const caught = await (async () => {
      for await (const c of stream) if (c === 'a') controller.abort(timeout);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(timeout);
    expect(p.state.closed).toBe(true);
    expect(terminals()).toHaveLength(1);
    const [err] = rec.ofType('generation_error');
    expect(err.error).toBe(timeout);
    expect(err).toMatchObject({ cancelled: false, source: 'call' });
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
