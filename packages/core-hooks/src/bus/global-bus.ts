import { autoLoadInstrumentation } from '../auto-load/auto-load-instrumentation';
import type { HookType } from '../types/hook-types';
import type { EmitResult, PayloadOf } from '../types/plugin';
import { HookBus } from './hook-bus';

const BUS_KEY = Symbol.for('mellea.core-hooks.bus.v1');

/** The global bus: the first generation on it runs the env-driven auto-load. */
class GlobalHookBus extends HookBus {
  #firstGeneration = true;

  override hasSubscribers(type: HookType): boolean {
    if (this.#firstGeneration) this.#onFirstUse(type);
    return super.hasSubscribers(type);
  }

  override emit<K extends HookType>(type: K, payload: PayloadOf<K>): EmitResult | Promise<EmitResult> {
    if (this.#firstGeneration) this.#onFirstUse(type);
    return super.emit(type, payload);
  }

  #onFirstUse(type: HookType): void {
    if (type !== 'generation_pre_call' && type !== 'generation_batch_pre_call') return;
    this.#firstGeneration = false;
    autoLoadInstrumentation();
  }
}

type BusSlot = { [BUS_KEY]?: HookBus };

function globalBus(): HookBus {
  const slot = globalThis as BusSlot;
  const existing = slot[BUS_KEY];
  if (existing !== undefined && existing !== null && typeof existing.emit === 'function') return existing;
  const bus = new GlobalHookBus();
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
