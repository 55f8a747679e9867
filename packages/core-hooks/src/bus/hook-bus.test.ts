import { recordingPlugin, useCapturedWarnings } from '../test-support/recorder';
import type { HookPlugin } from '../types/plugin';
import { HookBus } from './hook-bus';

const pre = { generationId: 'g1', operation: 'chat' as const };

function orderPlugin(name: string, order: string[], priority?: number): HookPlugin {
  return { name, priority, hooks: { generation_pre_call: () => void order.push(name) } };
}

describe('HookBus registration and dispatch order', () => {
  const capture = useCapturedWarnings();

  test('handlers run in ascending priority, default 50, ties in registration order', () => {
    const bus = new HookBus();
    const order: string[] = [];
    bus.register(orderPlugin('late', order, 90));
    bus.register(orderPlugin('default-a', order));
    bus.register(orderPlugin('early', order, 10));
    bus.register(orderPlugin('default-b', order, 50));
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['early', 'default-a', 'default-b', 'late']);
    expect(bus.pluginNames()).toEqual(['early', 'default-a', 'default-b', 'late']);
  });

  test('unregister by name removes the plugin and reports whether it was there', () => {
    const bus = new HookBus();
    const order: string[] = [];
    bus.register(orderPlugin('a', order));
    bus.register(orderPlugin('b', order));
    expect(bus.unregister('a')).toBe(true);
    expect(bus.unregister('a')).toBe(false);
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['b']);
    expect(bus.pluginNames()).toEqual(['b']);
  });

  test('the function returned by register unregisters that plugin', () => {
    const bus = new HookBus();
    const order: string[] = [];
    const off = bus.register(orderPlugin('a', order));
    off();
    expect(bus.pluginNames()).toEqual([]);
    expect(bus.hasSubscribers('generation_pre_call')).toBe(false);
  });

  test('registering the same name again replaces the plugin with exactly one warning', () => {
    const bus = new HookBus();
    const order: string[] = [];
    const offFirst = bus.register({
      name: 'p',
      hooks: { generation_pre_call: () => void order.push('first') },
    });
    bus.register({ name: 'p', hooks: { generation_pre_call: () => void order.push('second') } });
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['second']);
    expect(bus.pluginNames()).toEqual(['p']);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('"p"');
    offFirst();
    expect(bus.pluginNames()).toEqual(['p']);
  });

  test('hasSubscribers reflects exactly the hook types some plugin handles', () => {
    const bus = new HookBus();
    expect(bus.hasSubscribers('generation_pre_call')).toBe(false);
    bus.register({ name: 'p', hooks: { generation_error: () => {} } });
    expect(bus.hasSubscribers('generation_error')).toBe(true);
    expect(bus.hasSubscribers('generation_pre_call')).toBe(false);
    expect(bus.hasSubscribers('generation_batch_error')).toBe(false);
  });

  test('wantsContent is true only while a plugin that records content is registered', () => {
    const bus = new HookBus();
    bus.register({ name: 'metrics', hooks: {} });
    expect(bus.wantsContent()).toBe(false);
    const off = bus.register({ name: 'tracer', wantsContent: true, hooks: {} });
    expect(bus.wantsContent()).toBe(true);
    off();
    expect(bus.wantsContent()).toBe(false);
  });

  test('wantsContent reads each plugin at call time, so a getter can change its answer', () => {
    const bus = new HookBus();
    let capture = false;
    bus.register({
      name: 'dynamic',
      hooks: {},
      get wantsContent() {
        return capture;
      },
    });
    expect(bus.wantsContent()).toBe(false);
    capture = true;
    expect(bus.wantsContent()).toBe(true);
  });

  test('every handler receives the emitted payload object itself when no strict plugin is registered', () => {
    const bus = new HookBus();
    const a = recordingPlugin('a');
    const b = recordingPlugin('b');
    bus.register(a);
    bus.register(b);
    bus.emit('generation_pre_call', pre);
    expect(a.events[0].payload).toBe(pre);
    expect(b.events[0].payload).toBe(pre);
  });

  test('a plugin without a name is ignored with a warning', () => {
    const bus = new HookBus();
    bus.register({ hooks: {} } as unknown as HookPlugin);
    expect(bus.pluginNames()).toEqual([]);
    expect(capture.warnings).toHaveLength(1);
  });

  test('emit with no subscriber returns a result whose run calls fn directly', () => {
    const bus = new HookBus();
    const result = bus.emit('generation_pre_call', pre);
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as { run<T>(fn: () => T): T }).run(() => 7)).toBe(7);
  });

  test('each bus carries the package version', () => {
    expect(new HookBus().version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('a plugin that cannot be read (a throwing getter) is not registered and breaks no other plugin', () => {
    const bus = new HookBus();
    const order: string[] = [];
    const hostile = {
      name: 'hostile',
      get hooks(): never {
        throw new Error('getter bug');
      },
    } as unknown as HookPlugin;
    let off: (() => void) | undefined;
    expect(() => {
      off = bus.register(hostile);
    }).not.toThrow();
    expect(() => off!()).not.toThrow();
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('"hostile"');
    bus.register(orderPlugin('good', order));
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['good']);
    expect(bus.pluginNames()).toEqual(['good']);
  });

  test('handlers are read at registration: later changes to plugin.hooks are not seen, even after other registrations', () => {
    const bus = new HookBus();
    const order: string[] = [];
    const plugin: HookPlugin = {
      name: 'p',
      hooks: { generation_pre_call: () => void order.push('original') },
    };
    bus.register(plugin);
    plugin.hooks = { generation_pre_call: () => void order.push('changed') };
    bus.register(orderPlugin('other', order));
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['original', 'other']);
  });
});

describe('HookBus onFirstGeneration option', () => {
  const capture = useCapturedWarnings();

  test('runs once, on the first pre_call emitted or asked about, not on other hooks', () => {
    let calls = 0;
    const bus = new HookBus({ onFirstGeneration: () => void calls++ });
    bus.emit('generation_post_call', { generationId: 'g1', response: {}, latencyMs: 1 });
    expect(bus.hasSubscribers('generation_error')).toBe(false);
    expect(calls).toBe(0);
    expect(bus.hasSubscribers('generation_pre_call')).toBe(false);
    expect(calls).toBe(1);
    bus.emit('generation_pre_call', pre);
    bus.emit('generation_batch_pre_call', { generationId: 'b1', operation: 'chat', size: 1 });
    expect(calls).toBe(1);
  });

  test('a batch pre_call counts as the first generation', () => {
    let calls = 0;
    const bus = new HookBus({ onFirstGeneration: () => void calls++ });
    bus.emit('generation_batch_pre_call', { generationId: 'b1', operation: 'chat', size: 1 });
    expect(calls).toBe(1);
  });

  test('a throwing callback is logged once and the emit still dispatches', () => {
    const order: string[] = [];
    const bus = new HookBus({
      onFirstGeneration: () => {
        throw new Error('set-up broke');
      },
    });
    bus.register(orderPlugin('p', order));
    expect(() => bus.emit('generation_pre_call', pre)).not.toThrow();
    bus.emit('generation_pre_call', pre);
    expect(order).toEqual(['p', 'p']);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('first-generation set-up failed');
  });
});
