import { autoLoadInstrumentation } from '../auto-load/auto-load-instrumentation';
import { HookBus } from './hook-bus';

const BUS_KEY = Symbol.for('mellea.core-hooks.bus.v1');

type BusSlot = { [BUS_KEY]?: HookBus };

function globalBus(): HookBus {
  const slot = globalThis as BusSlot;
  const existing = slot[BUS_KEY];
  if (existing !== undefined && existing !== null && typeof existing.emit === 'function') return existing;
  // Only the global bus runs the env-driven auto-load, on its first generation.
  const bus = new HookBus({ onFirstGeneration: () => void autoLoadInstrumentation() });
  Object.defineProperty(globalThis, BUS_KEY, {
    value: bus,
    writable: false,
    configurable: true,
    enumerable: false,
  });
  return bus;
}

/**
 * The process-wide bus, shared by every copy of this package through
 * `globalThis[Symbol.for('mellea.core-hooks.bus.v1')]`; `hooks.version` is the version of the
 * copy that created it.
 */
export const hooks: HookBus = globalBus();
