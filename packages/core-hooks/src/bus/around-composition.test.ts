import { AsyncLocalStorage } from 'node:async_hooks';
import { useCapturedWarnings } from '../../test/support/recorder';
import type { EmitResult, HookPlugin, HookReturn } from '../types/plugin';
import { HookBus } from './hook-bus';

const pre = { generationId: 'g1', operation: 'chat' as const };

function aroundPlugin(name: string, priority: number, around: HookReturn['around']): HookPlugin {
  return { name, priority, hooks: { generation_pre_call: () => ({ around }) } };
}

function emitSync(bus: HookBus): EmitResult {
  return bus.emit('generation_pre_call', pre) as EmitResult;
}

describe('around composition', () => {
  const capture = useCapturedWarnings();

  test('the call runs inside every wrapper, lowest priority value outermost', () => {
    const bus = new HookBus();
    const trail: string[] = [];
    const wrap =
      (name: string) =>
      <T>(fn: () => T): T => {
        trail.push(`${name}:enter`);
        const v = fn();
        trail.push(`${name}:exit`);
        return v;
      };
    bus.register(aroundPlugin('inner', 80, wrap('inner')));
    bus.register(aroundPlugin('outer', 10, wrap('outer')));
    bus.register(aroundPlugin('middle', 50, wrap('middle')));
    const v = emitSync(bus).run(() => {
      trail.push('call');
      return 42;
    });
    expect(v).toBe(42);
    expect(trail).toEqual([
      'outer:enter',
      'middle:enter',
      'inner:enter',
      'call',
      'inner:exit',
      'middle:exit',
      'outer:exit',
    ]);
  });

  test('a value a wrapper stores in AsyncLocalStorage is visible in the call and its awaited children', async () => {
    const bus = new HookBus();
    const als = new AsyncLocalStorage<string>();
    bus.register(aroundPlugin('ctx', 50, (fn) => als.run('span-1', fn)));
    const seen: (string | undefined)[] = [];
    const child = async () => {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(als.getStore());
    };
    await emitSync(bus).run(async () => {
      seen.push(als.getStore());
      await child();
      await Promise.resolve();
      seen.push(als.getStore());
    });
    expect(seen).toEqual(['span-1', 'span-1', 'span-1']);
    expect(als.getStore()).toBeUndefined();
  });

  test('a wrapper that never calls fn cannot skip the call: the bus calls it and returns its value', () => {
    const bus = new HookBus();
    let calls = 0;
    bus.register(aroundPlugin('skipper', 50, (() => 'not the value') as HookReturn['around']));
    const v = emitSync(bus).run(() => {
      calls++;
      return 'real';
    });
    expect(v).toBe('real');
    expect(calls).toBe(1);
  });

  test('a wrapper that calls fn twice runs the call once; the second call gets the first value', () => {
    const bus = new HookBus();
    let calls = 0;
    const secondResults: unknown[] = [];
    bus.register(
      aroundPlugin('twice', 50, (fn) => {
        fn();
        secondResults.push(fn());
        return fn();
      }),
    );
    const value = { id: 1 };
    const v = emitSync(bus).run(() => {
      calls++;
      return value;
    });
    expect(calls).toBe(1);
    expect(v).toBe(value);
    expect(secondResults[0]).toBe(value);
  });

  test("a wrapper that swaps the result cannot change the caller's value", () => {
    const bus = new HookBus();
    bus.register(
      aroundPlugin('swapper', 50, ((fn: () => unknown) => {
        fn();
        return 'swapped';
      }) as HookReturn['around']),
    );
    const original = { real: true };
    expect(emitSync(bus).run(() => original)).toBe(original);
  });

  test("the call's own error reaches the caller unchanged, even through a rethrowing wrapper", () => {
    const bus = new HookBus();
    const recorded: unknown[] = [];
    bus.register(
      aroundPlugin('rethrow', 10, (fn) => {
        try {
          return fn();
        } catch (e) {
          recorded.push(e);
          throw e;
        }
      }),
    );
    bus.register(aroundPlugin('plain', 20, (fn) => fn()));
    const err = new Error('provider down');
    let calls = 0;
    let caught: unknown;
    try {
      emitSync(bus).run(() => {
        calls++;
        throw err;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    expect(recorded).toEqual([err]);
    expect(calls).toBe(1);
    expect(capture.warnings).toHaveLength(0);
  });

  test('a wrapper that throws its own error is logged and the call still runs and returns', () => {
    const bus = new HookBus();
    bus.register(
      aroundPlugin('broken', 50, () => {
        throw new Error('wrapper bug');
      }),
    );
    let calls = 0;
    const v = emitSync(bus).run(() => {
      calls++;
      return 3;
    });
    expect(v).toBe(3);
    expect(calls).toBe(1);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('"broken"');
  });

  test('a wrapper that calls fn later (asynchronously) does not make the call run twice', async () => {
    const bus = new HookBus();
    let later: (() => unknown) | undefined;
    bus.register(
      aroundPlugin('deferred', 50, ((fn: () => unknown) => {
        later = fn;
        return undefined;
      }) as HookReturn['around']),
    );
    let calls = 0;
    const v = emitSync(bus).run(() => ++calls);
    expect(v).toBe(1);
    expect(later?.()).toBe(1);
    expect(calls).toBe(1);
  });

  test('an `around` written as a method runs with its returned object as `this`, alone or nested', () => {
    // What each plugin's pre_call returns: the state its `around` needs, and `around` on the prototype.
    class Scope implements HookReturn {
      constructor(
        readonly label: string,
        readonly trail: string[],
      ) {}
      around<T>(fn: () => T): T {
        this.trail.push(this.label);
        return fn();
      }
    }
    for (const names of [['only'], ['outer', 'inner']]) {
      const bus = new HookBus();
      const trail: string[] = [];
      for (const [i, name] of names.entries())
        bus.register({ name, priority: i, hooks: { generation_pre_call: () => new Scope(name, trail) } });
      expect(emitSync(bus).run(() => 7)).toBe(7);
      expect(trail).toEqual(names);
    }
    expect(capture.warnings).toHaveLength(0);
  });
});
