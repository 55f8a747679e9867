import { microtasks, useCapturedWarnings } from '../../test/support/recorder';
import type { EmitResult, HookPlugin } from '../types/plugin';
import { HookBus } from './hook-bus';
import { HookPhaseError, isHookPhaseError } from './hook-phase-error';

const pre = { generationId: 'g1', operation: 'chat' as const, model: 'm' };
const never = () => new Promise<void>(() => {});

describe('warn mode (default)', () => {
  const capture = useCapturedWarnings();

  test('a throwing handler is skipped, later handlers still run, one warning per (plugin, hook)', () => {
    const bus = new HookBus();
    const seen: string[] = [];
    const boom = new Error('boom');
    bus.register({
      name: 'thrower',
      priority: 1,
      hooks: {
        generation_pre_call: () => {
          throw boom;
        },
        generation_post_call: () => {
          throw boom;
        },
      },
    });
    bus.register({ name: 'after', hooks: { generation_pre_call: () => void seen.push('after') } });
    for (let i = 0; i < 3; i++) bus.emit('generation_pre_call', pre);
    bus.emit('generation_post_call', { generationId: 'g1', response: {}, latencyMs: 1 });
    expect(seen).toEqual(['after', 'after', 'after']);
    expect(capture.warnings).toHaveLength(2);
    expect(capture.warnings[0].msg).toContain('"thrower"');
    expect(capture.warnings[0].msg).toContain('generation_pre_call');
    expect(capture.warnings[0].rest[0]).toBe(boom);
    expect(capture.warnings[1].msg).toContain('generation_post_call');
  });

  test('a rejecting async handler is not awaited; its rejection becomes one warning', async () => {
    const bus = new HookBus();
    const bad = new Error('async boom');
    bus.register({ name: 'rejecter', hooks: { generation_pre_call: async () => Promise.reject(bad) } });
    const r1 = bus.emit('generation_pre_call', pre);
    const r2 = bus.emit('generation_pre_call', pre);
    expect(r1).not.toBeInstanceOf(Promise);
    expect(r2).not.toBeInstanceOf(Promise);
    await microtasks(5);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].rest[0]).toBe(bad);
  });

  test('a blocking handler that outlives timeoutMs is skipped with one warning and the emit resolves', async () => {
    const bus = new HookBus();
    const seen: string[] = [];
    bus.register({
      name: 'hung',
      blocking: true,
      timeoutMs: 5,
      priority: 1,
      hooks: { generation_pre_call: never },
    });
    bus.register({ name: 'next', hooks: { generation_pre_call: () => void seen.push('next') } });
    const result = bus.emit('generation_pre_call', pre);
    expect(result).toBeInstanceOf(Promise);
    expect(seen).toEqual([]);
    const er = await result;
    expect(er.run(() => 'value')).toBe('value');
    expect(seen).toEqual(['next']);
    await bus.emit('generation_pre_call', pre);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('"hung"');
    expect(String(capture.warnings[0].rest[0])).toContain('timed out');
  });

  test('the default timeoutMs of a blocking handler is 500 ms', async () => {
    jest.useFakeTimers();
    try {
      const bus = new HookBus();
      bus.register({ name: 'hung', blocking: true, hooks: { generation_pre_call: never } });
      let settled = false;
      const pending = (bus.emit('generation_pre_call', pre) as Promise<EmitResult>).then(() => {
        settled = true;
      });
      await jest.advanceTimersByTimeAsync(499);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await pending;
      expect(settled).toBe(true);
      expect(String(capture.warnings[0].rest[0])).toContain('timed out after 500 ms');
    } finally {
      jest.useRealTimers();
    }
  });

  test('a rejecting blocking handler is skipped with one warning and the emit still resolves', async () => {
    const bus = new HookBus();
    const bad = new Error('blocking boom');
    bus.register({
      name: 'blocker',
      blocking: true,
      hooks: { generation_pre_call: () => Promise.reject(bad) },
    });
    const er = await bus.emit('generation_pre_call', pre);
    expect(er.run(() => 'v')).toBe('v');
    await bus.emit('generation_pre_call', pre);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].rest[0]).toBe(bad);
  });

  test("a blocking handler's timeout timer is cleared as soon as the handler settles", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const bus = new HookBus();
    bus.register({
      name: 'quick',
      blocking: true,
      timeoutMs: 60_000,
      hooks: { generation_pre_call: async () => undefined },
    });
    const before = timers();
    const pending = bus.emit('generation_pre_call', pre);
    expect(timers()).toBe(before + 1);
    await pending;
    expect(timers()).toBe(before);
  });

  test('a blocking handler is awaited before the next handler and can supply around', async () => {
    const bus = new HookBus();
    const order: string[] = [];
    bus.register({
      name: 'slow',
      blocking: true,
      priority: 1,
      hooks: {
        generation_pre_call: async () => {
          await microtasks(3);
          order.push('slow done');
          return {
            around: (fn) => {
              order.push('around');
              return fn();
            },
          };
        },
      },
    });
    bus.register({ name: 'second', hooks: { generation_pre_call: () => void order.push('second') } });
    const er = (await bus.emit('generation_pre_call', pre)) as EmitResult;
    expect(order).toEqual(['slow done', 'second']);
    expect(er.run(() => 5)).toBe(5);
    expect(order).toEqual(['slow done', 'second', 'around']);
  });

  test('an around from a non-blocking async handler is ignored', async () => {
    const bus = new HookBus();
    let wrapped = false;
    bus.register({
      name: 'async',
      hooks: {
        generation_pre_call: async () => ({
          around: (fn) => {
            wrapped = true;
            return fn();
          },
        }),
      },
    });
    const er = bus.emit('generation_pre_call', pre) as EmitResult;
    await microtasks(2);
    expect(er.run(() => 1)).toBe(1);
    expect(wrapped).toBe(false);
  });
});

describe('strict mode', () => {
  const capture = useCapturedWarnings();

  const strict = (name: string, fail: () => unknown): HookPlugin => ({
    name,
    errorMode: 'strict',
    hooks: { generation_post_call: fail as () => void },
  });

  test('every failure of a phase arrives together as one HookPhaseError after all handlers ran', () => {
    const bus = new HookBus();
    const e1 = new Error('one');
    const e2 = new Error('two');
    const ran: string[] = [];
    bus.register(
      strict('s1', () => {
        throw e1;
      }),
    );
    bus.register({ name: 'observer', hooks: { generation_post_call: () => void ran.push('observer') } });
    bus.register(
      strict('s2', () => {
        throw e2;
      }),
    );
    let caught: unknown;
    try {
      bus.emit('generation_post_call', { generationId: 'g', response: {}, latencyMs: 0 });
    } catch (e) {
      caught = e;
    }
    expect(ran).toEqual(['observer']);
    expect(caught).toBeInstanceOf(HookPhaseError);
    expect(isHookPhaseError(caught)).toBe(true);
    const err = caught as HookPhaseError;
    expect(err.phase).toBe('generation_post_call');
    expect(err.failures).toEqual([
      { plugin: 's1', error: e1 },
      { plugin: 's2', error: e2 },
    ]);
    expect(err.failures[0].error).toBe(e1);
    expect(capture.warnings).toHaveLength(0);
  });

  test('an async strict failure makes emit reject with the HookPhaseError', async () => {
    const bus = new HookBus();
    const e1 = new Error('async one');
    const e2 = new Error('sync two');
    bus.register(strict('s1', async () => Promise.reject(e1)));
    bus.register(
      strict('s2', () => {
        throw e2;
      }),
    );
    const result = bus.emit('generation_post_call', { generationId: 'g', response: {}, latencyMs: 0 });
    expect(result).toBeInstanceOf(Promise);
    const err = await (result as Promise<EmitResult>).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isHookPhaseError(err)).toBe(true);
    expect((err as HookPhaseError).failures.map((f) => f.error)).toEqual([e1, e2]);
  });

  test('a synchronous strict plugin that succeeds keeps emit synchronous', () => {
    const bus = new HookBus();
    bus.register({ name: 's', errorMode: 'strict', hooks: { generation_pre_call: () => {} } });
    expect(bus.emit('generation_pre_call', pre)).not.toBeInstanceOf(Promise);
  });

  test('with a strict plugin registered, payloads are frozen and a mutating handler changes nothing', () => {
    const bus = new HookBus();
    const payload = { ...pre, params: { temperature: 0.5 } };
    const seen: unknown[] = [];
    bus.register({
      name: 'mutator',
      errorMode: 'strict',
      hooks: {
        generation_pre_call: (p) => {
          seen.push(p);
          (p as { model: string }).model = 'hijacked';
        },
      },
    });
    expect(() => bus.emit('generation_pre_call', payload)).toThrow(HookPhaseError);
    expect(payload.model).toBe('m');
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[0]).not.toBe(payload);
    // the framework's own nested objects are never frozen
    expect(Object.isFrozen(payload.params)).toBe(false);
    expect(Object.isFrozen(payload)).toBe(false);
  });

  test('a strict plugin registered anywhere also freezes payloads for warn-mode plugins', () => {
    const bus = new HookBus();
    bus.register({ name: 'strict-elsewhere', errorMode: 'strict', hooks: { generation_error: () => {} } });
    const seen: unknown[] = [];
    bus.register({ name: 'observer', hooks: { generation_pre_call: (p) => void seen.push(p) } });
    bus.emit('generation_pre_call', pre);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[0]).toEqual(pre);
  });
});
