import { HookBus } from '../bus/hook-bus';
import { logWarn, setHookLogger } from './hook-logger';

describe('setHookLogger', () => {
  afterEach(() => setHookLogger(undefined));

  test('routes the bus warnings to the given logger', () => {
    const seen: string[] = [];
    setHookLogger({ warn: (msg) => void seen.push(msg) });
    const bus = new HookBus();
    bus.register({
      name: 'bad',
      hooks: {
        generation_error: () => {
          throw new Error('x');
        },
      },
    });
    bus.emit('generation_error', {
      generationId: 'g',
      error: 1,
      cancelled: false,
      source: 'call',
      latencyMs: 0,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('"bad"');
  });

  test('a logger that throws is ignored', () => {
    setHookLogger({
      warn: () => {
        throw new Error('broken logger');
      },
    });
    expect(() => logWarn('anything')).not.toThrow();
  });

  test('is shared across copies of the package (a versioned global)', () => {
    const seen: string[] = [];
    let other: typeof import('./hook-logger') | undefined;
    jest.isolateModules(() => {
      other = require('./hook-logger');
    });
    other!.setHookLogger({ warn: (msg) => void seen.push(msg) });
    logWarn('from this copy');
    expect(seen).toEqual(['from this copy']);
  });

  test('undefined restores the default console.warn', () => {
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      setHookLogger({ warn: () => {} });
      setHookLogger(undefined);
      logWarn('to the console');
      expect(spy).toHaveBeenCalledWith('to the console');
    } finally {
      spy.mockRestore();
    }
  });
});
