import * as copyA from '../index';

type CoreHooks = typeof copyA;

function loadSecondCopy(): CoreHooks {
  let copy: CoreHooks | undefined;
  jest.isolateModules(() => {
    copy = require('../index') as CoreHooks;
  });
  return copy!;
}

describe('the global hooks bus', () => {
  test('lives at globalThis[Symbol.for("mellea.core-hooks.bus.v1")] with the package version', () => {
    const slot = (globalThis as Record<symbol, unknown>)[Symbol.for('mellea.core-hooks.bus.v1')];
    expect(slot).toBe(copyA.hooks);
    expect(copyA.hooks.version).toBe(require('../../package.json').version);
  });

  test('two copies of the module see the same bus', () => {
    const copyB = loadSecondCopy();
    expect(copyB.HookBus).not.toBe(copyA.HookBus);
    expect(copyB.hooks).toBe(copyA.hooks);
    const off = copyB.hooks.register({ name: 'from-copy-b', hooks: { generation_pre_call: () => {} } });
    try {
      expect(copyA.hooks.pluginNames()).toContain('from-copy-b');
      expect(copyA.hooks.hasSubscribers('generation_pre_call')).toBe(true);
    } finally {
      off();
    }
    expect(copyA.hooks.hasSubscribers('generation_pre_call')).toBe(false);
  });

  test("isHookPhaseError recognises the other copy's errors", () => {
    const copyB = loadSecondCopy();
    const fromB = new copyB.HookPhaseError('generation_pre_call', [{ plugin: 'x', error: new Error('e') }]);
    expect(fromB).not.toBeInstanceOf(copyA.HookPhaseError);
    expect(copyA.isHookPhaseError(fromB)).toBe(true);
    expect(copyB.isHookPhaseError(new copyA.HookPhaseError('generation_error', []))).toBe(true);
    expect(copyA.isHookPhaseError(new Error('HookPhaseError'))).toBe(false);
    expect(copyA.isHookPhaseError(null)).toBe(false);
  });

  test("a generation started through one copy's helpers reaches a plugin registered through the other", async () => {
    const copyB = loadSecondCopy();
    const seen: string[] = [];
    const off = copyA.hooks.register({
      name: 'a-side',
      hooks: {
        generation_pre_call: (p) => void seen.push(`pre:${p.model}`),
        generation_post_call: (p) => void seen.push(`post:${p.response.id}`),
      },
    });
    try {
      const result = await copyB.runGeneration(
        { operation: 'chat', model: 'm1' },
        async () => 'ok',
        () => ({ id: 'r1' }),
      );
      expect(result).toBe('ok');
      expect(seen).toEqual(['pre:m1', 'post:r1']);
    } finally {
      off();
    }
  });
});
