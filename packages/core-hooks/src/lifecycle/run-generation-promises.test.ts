import { createHook } from 'node:async_hooks';
import { recordingPlugin } from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import { runGeneration } from './run-generation';
import { runGenerationBatch } from './run-generation-batch';

const request = { operation: 'chat' as const, model: 'm' };

/** How many promises `make()` creates until they settle (promise hooks count them, as a context manager pays for each). */
async function promisesMadeBy(make: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') n++;
    },
  });
  hook.enable();
  try {
    await make();
  } finally {
    hook.disable();
  }
  return n;
}

describe('runGeneration with synchronous plugins makes no promise of its own', () => {
  test('no more promises than the call and one .then on it (what a hand-written instrumentation makes)', async () => {
    const bus = new HookBus();
    bus.register(recordingPlugin('rec'));
    bus.register({ name: 'around', hooks: { generation_pre_call: () => ({ around: (fn) => fn() }) } });
    const call = async () => 'v';
    const toResponse = () => ({});
    await promisesMadeBy(call); // the first enabled hook makes promises of its own
    const bare = await promisesMadeBy(() => call().then((v) => v));
    expect(await promisesMadeBy(() => runGeneration(request, call, toResponse, { bus }))).toBeLessThanOrEqual(
      bare,
    );
    expect(
      await promisesMadeBy(() =>
        runGenerationBatch({ ...request, size: 1 }, call, () => ({ responses: [] }), { bus }),
      ),
    ).toBeLessThanOrEqual(bare);
  });

  test('a call that returns a plain value or a foreign thenable is adopted as await would', async () => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    const plain = (() => 'plain') as unknown as () => Promise<string>;
    expect(await runGeneration(request, plain, () => ({ id: 'p' }), { bus })).toBe('plain');
    const thenable = (() => ({
      // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is the point of the test
      then: (ok: (v: string) => void) => ok('thenable'),
    })) as unknown as () => Promise<string>;
    expect(await runGeneration(request, thenable, () => ({ id: 't' }), { bus })).toBe('thenable');
    expect(rec.ofType('generation_post_call').map((p) => p.response.id)).toEqual(['p', 't']);
  });
});
