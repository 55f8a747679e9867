import { recordingPlugin, useCapturedWarnings } from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import { runGenerationStream } from './run-generation-stream';

const gc = (globalThis as { gc?: () => void }).gc;

async function collectGarbageUntil(done: () => boolean, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
}

async function startAndDrop(bus: HookBus, pullOne: boolean): Promise<{ closed: () => boolean }> {
  let closed = false;
  async function* gen() {
    try {
      yield 'a';
      yield 'b';
    } finally {
      closed = true;
    }
  }
  const stream = await runGenerationStream(
    { operation: 'chat', stream: true },
    () => gen(),
    { onChunk() {}, response: () => ({ id: 'partial' }) },
    { bus },
  );
  if (pullOne) await stream[Symbol.asyncIterator]().next();
  return { closed: () => closed };
}

describe('a stream dropped unfinished', () => {
  useCapturedWarnings();

  test('the test runner exposes gc (jest runs under node --expose-gc)', () => {
    expect(typeof gc).toBe('function');
  });

  test.each([
    ['after one chunk', true],
    ['before any chunk', false],
  ])('ends as cancelled once garbage-collected (%s)', async (_label, pullOne) => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    const provider = await startAndDrop(bus, pullOne);
    await collectGarbageUntil(() => rec.ofType('generation_error').length > 0);
    const errors = rec.ofType('generation_error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ cancelled: true, source: 'consumer', chunkCount: pullOne ? 1 : 0 });
    expect(errors[0].response).toEqual({ id: 'partial', finishReasons: ['error'] });
    expect(rec.ofType('generation_post_call')).toHaveLength(0);
    if (pullOne) {
      await collectGarbageUntil(provider.closed, 5);
      expect(provider.closed()).toBe(true);
    }
  });

  test('many streams made and dropped within one turn each end as cancelled once collected', async () => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    // More than are held before registering early, all before the event loop turns.
    for (let i = 0; i < 150; i++) await startAndDrop(bus, i % 2 === 0);
    await collectGarbageUntil(() => rec.ofType('generation_error').length >= 150);
    const errors = rec.ofType('generation_error');
    expect(errors).toHaveLength(150);
    expect(errors.every((e) => e.cancelled === true && e.source === 'consumer')).toBe(true);
    expect(rec.ofType('generation_post_call')).toHaveLength(0);
  });

  test('a stream that finished is not reported again when collected', async () => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    await (async () => {
      const stream = await runGenerationStream(
        { operation: 'chat' },
        async function* () {
          yield 1;
        },
        { onChunk() {}, response: () => ({}) },
        { bus },
      );
      for await (const _ of stream) {
        // drain
      }
    })();
    for (let i = 0; i < 10; i++) {
      gc!();
      await new Promise((r) => setImmediate(r));
    }
    expect(rec.events.map((e) => e.type)).toEqual(['generation_pre_call', 'generation_post_call']);
  });
});
