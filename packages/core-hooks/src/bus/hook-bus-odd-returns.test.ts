import { useCapturedWarnings } from '../../test/support/recorder';
import type { EmitResult, HookPlugin } from '../types/plugin';
import { HookBus } from './hook-bus';
import { type HookPhaseError, isHookPhaseError } from './hook-phase-error';

// A handler's return value is read by the bus (`then`, `around`). Reading it can throw too (a
// getter, a proxy): that is a failing handler like any other, never an exception out of `emit`.

const pre = { generationId: 'g1', operation: 'chat' as const };
const bad = new Error('getter bug');

const oddReturns: [string, () => unknown][] = [
  [
    'an `around` getter that throws',
    () => ({
      get around() {
        throw bad;
      },
    }),
  ],
  [
    'a `then` getter that throws',
    () => ({
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of the test.
      get then() {
        throw bad;
      },
    }),
  ],
  [
    'a `then` that throws when called',
    () => ({
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of the test.
      then() {
        throw bad;
      },
    }),
  ],
];

function plugin(name: string, handler: () => unknown, extra: Partial<HookPlugin> = {}): HookPlugin {
  return { name, ...extra, hooks: { generation_pre_call: handler as () => void } };
}

describe('a handler whose return value cannot be read', () => {
  const capture = useCapturedWarnings();

  test.each(oddReturns)('warn mode, %s: skipped with one warning, later handlers run', (_label, odd) => {
    const bus = new HookBus();
    const seen: string[] = [];
    bus.register(plugin('odd', odd, { priority: 1 }));
    bus.register(plugin('after', () => void seen.push('after')));
    for (let i = 0; i < 2; i++) {
      const result = bus.emit('generation_pre_call', pre) as EmitResult;
      expect(result.run(() => 'value')).toBe('value');
    }
    expect(seen).toEqual(['after', 'after']);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('"odd"');
    expect(capture.warnings[0].rest[0]).toBe(bad);
  });

  test.each(oddReturns)('after an earlier failure in the same emit, %s: still skipped', (_label, odd) => {
    const bus = new HookBus();
    const seen: string[] = [];
    bus.register(
      plugin(
        'thrower',
        () => {
          throw new Error('first');
        },
        { priority: 1 },
      ),
    );
    bus.register(plugin('odd', odd, { priority: 2 }));
    bus.register(plugin('after', () => void seen.push('after'), { priority: 3 }));
    const result = bus.emit('generation_pre_call', pre) as EmitResult;
    expect(result.run(() => 'value')).toBe('value');
    expect(seen).toEqual(['after']);
    expect(capture.warnings.map((w) => w.msg.match(/"(\w+)"/)?.[1])).toEqual(['thrower', 'odd']);
  });

  test.each(oddReturns)('strict mode, %s: one of the failures of the HookPhaseError', async (_label, odd) => {
    const bus = new HookBus();
    bus.register(plugin('odd', odd, { errorMode: 'strict' }));
    // A thenable is awaited for a strict plugin, so the failure may come as a rejection.
    const caught = await Promise.resolve()
      .then(() => bus.emit('generation_pre_call', pre))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isHookPhaseError(caught)).toBe(true);
    expect((caught as HookPhaseError).failures).toEqual([{ plugin: 'odd', error: bad }]);
  });
});
