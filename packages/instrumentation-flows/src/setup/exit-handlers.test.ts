import { installExitHandlers } from './exit-handlers';

// Signals are exercised in child processes (test/setup/exit-flush.test.ts): raising one here
// would end the test worker. Here: beforeExit and the bookkeeping.
describe('installExitHandlers', () => {
  const counts = () => ['beforeExit', 'SIGTERM', 'SIGINT'].map((e) => process.listenerCount(e));

  it('flushes on beforeExit, one flush at a time, and removes its listeners', async () => {
    const before = counts();
    let release: () => void = () => {};
    const flush = jest.fn(() => new Promise<void>((r) => (release = r)));
    const remove = installExitHandlers(flush, { signals: false, timeoutMs: 10_000 });
    expect(counts()).toEqual([before[0] + 1, before[1], before[2]]);

    process.emit('beforeExit', 0);
    process.emit('beforeExit', 0); // still flushing: not started again
    expect(flush).toHaveBeenCalledTimes(1);
    release();
    await new Promise((r) => setImmediate(r));
    process.emit('beforeExit', 0);
    expect(flush).toHaveBeenCalledTimes(2);
    release();

    remove();
    expect(counts()).toEqual(before);
  });

  it('with signals, also listens to SIGTERM and SIGINT, and removes them too', () => {
    const before = counts();
    const remove = installExitHandlers(async () => {}, { signals: true, timeoutMs: 10_000 });
    expect(counts()).toEqual(before.map((n) => n + 1));
    remove();
    expect(counts()).toEqual(before);
  });

  it('a flush that throws or rejects does not escape', async () => {
    const remove = installExitHandlers(
      () => {
        throw new Error('sync');
      },
      { signals: false, timeoutMs: 10_000 },
    );
    expect(() => process.emit('beforeExit', 0)).not.toThrow();
    remove();
    const removeRejecting = installExitHandlers(() => Promise.reject(new Error('async')), {
      signals: false,
      timeoutMs: 10_000,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      process.emit('beforeExit', 0);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      // the failed flush is over: the next beforeExit starts another
      process.emit('beforeExit', 0);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
      removeRejecting();
    }
  });

  it('bounds a beforeExit flush without holding the process, and starts no other after one that ran out of time', async () => {
    jest.useFakeTimers();
    const flush = jest.fn(() => new Promise<void>(() => {}));
    const remove = installExitHandlers(flush, { signals: false, timeoutMs: 1000 });
    try {
      process.emit('beforeExit', 0);
      expect(flush).toHaveBeenCalledTimes(1);
      expect(jest.getTimerCount()).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      process.emit('beforeExit', 0);
      expect(flush).toHaveBeenCalledTimes(1);
    } finally {
      remove();
      jest.useRealTimers();
    }
  });

  it('unrefs the bound of a beforeExit flush', () => {
    const timers: NodeJS.Timeout[] = [];
    const realSetTimeout = global.setTimeout;
    const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const t = realSetTimeout(fn, ms);
      timers.push(t);
      return t;
    }) as typeof setTimeout);
    let release: () => void = () => {};
    const remove = installExitHandlers(() => new Promise<void>((r) => (release = r)), {
      signals: false,
      timeoutMs: 10_000,
    });
    try {
      process.emit('beforeExit', 0);
      expect(timers).toHaveLength(1);
      expect(timers[0].hasRef()).toBe(false);
    } finally {
      spy.mockRestore();
      release();
      remove();
    }
  });
});
