import { logWarn } from '../logger/hook-logger';
import { GENERATION_HOOKS, type HookType } from '../types/hook-types';
import type { EmitResult, HookPlugin, PayloadOf } from '../types/plugin';
import { VERSION } from '../version';
import { Dispatch, type HandlerEntry } from './dispatch';
import { PASS_THROUGH } from './emit-result';
import { FailureReporter } from './failure-reporter';

const DEFAULT_PRIORITY = 50;
const DEFAULT_TIMEOUT_MS = 500;
const NONE: readonly HandlerEntry[] = Object.freeze([]);

interface Registration {
  readonly plugin: HookPlugin;
  readonly priority: number;
  readonly seq: number;
}

type HandlersByType = Record<HookType, readonly HandlerEntry[]>;

function emptyTable(): HandlersByType {
  return {
    generation_pre_call: NONE,
    generation_post_call: NONE,
    generation_error: NONE,
    generation_batch_pre_call: NONE,
    generation_batch_post_call: NONE,
    generation_batch_error: NONE,
  };
}

/**
 * The hook bus: plugins register handlers for the six generation hooks, frameworks emit them.
 * Handlers are observers: they run synchronously in ascending priority and cannot change the
 * call. Use the process-wide `hooks` bus unless you need an isolated one (tests).
 */
export class HookBus {
  /** The `@mellea/core-hooks` version that created this bus. */
  readonly version: string = VERSION;

  #registrations = new Map<string, Registration>();
  #seq = 0;
  #table: HandlersByType = emptyTable();
  #freezePayloads = false;
  #wantsContent = false;
  #reporter = new FailureReporter();

  /**
   * Subscribes `plugin`. Registering a name that is already registered replaces that plugin
   * (with one warning). Handlers are read now: later changes to `plugin.hooks` are not seen.
   *
   * @returns a function that unregisters this very plugin (a no-op once it was replaced).
   */
  register(plugin: HookPlugin): () => void {
    if (plugin === null || typeof plugin !== 'object' || typeof plugin.name !== 'string') {
      logWarn('[@mellea/core-hooks] register() ignored a plugin without a string `name`:', plugin);
      return () => {};
    }
    const name = plugin.name;
    if (this.#registrations.has(name)) {
      logWarn(`[@mellea/core-hooks] a plugin named "${name}" was already registered; it is replaced.`);
    }
    this.#reporter.forget(name);
    const priority = Number.isFinite(plugin.priority) ? (plugin.priority as number) : DEFAULT_PRIORITY;
    this.#registrations.delete(name);
    this.#registrations.set(name, { plugin, priority, seq: this.#seq++ });
    this.#rebuild();
    return () => {
      if (this.#registrations.get(name)?.plugin === plugin) this.unregister(name);
    };
  }

  /** Removes the plugin named `name`. @returns whether one was registered. */
  unregister(name: string): boolean {
    if (!this.#registrations.delete(name)) return false;
    this.#reporter.forget(name);
    this.#rebuild();
    return true;
  }

  /** Names of the registered plugins, in dispatch order (priority, then registration). */
  pluginNames(): string[] {
    return this.#sorted().map((r) => r.plugin.name);
  }

  /** Whether any plugin handles `type`. O(1), allocates nothing. */
  hasSubscribers(type: HookType): boolean {
    const list = this.#table[type];
    return list !== undefined && list.length > 0;
  }

  /** Whether some registered plugin records message content (so content fields are worth building). */
  wantsContent(): boolean {
    return this.#wantsContent;
  }

  /**
   * Calls every handler of `type` with `payload`, in priority order. Returns a promise only when
   * a blocking or strict handler returned one (it is awaited, up to its `timeoutMs`). Warn-mode
   * failures are logged once per (plugin, hook); strict-mode failures of the phase are thrown
   * (or rejected) together as one `HookPhaseError` after every handler ran.
   */
  emit<K extends HookType>(type: K, payload: PayloadOf<K>): EmitResult | Promise<EmitResult> {
    const list = this.#table[type];
    if (list === undefined || list.length === 0) return PASS_THROUGH;
    const p = this.#freezePayloads ? Object.freeze({ ...payload }) : payload;
    // Fast path: handlers that return nothing need no per-emit state at all.
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      let ret: unknown;
      try {
        ret = e.handler.call(e.owner, p);
      } catch (err) {
        return new Dispatch(type, list, p, this.#reporter).failedAt(i, err);
      }
      if (ret !== undefined && ret !== null && typeof ret === 'object')
        return new Dispatch(type, list, p, this.#reporter).returnedAt(i, ret);
    }
    return PASS_THROUGH;
  }

  #sorted(): Registration[] {
    return [...this.#registrations.values()].sort((a, b) => a.priority - b.priority || a.seq - b.seq);
  }

  #rebuild(): void {
    const table = emptyTable();
    let strict = false;
    let content = false;
    for (const { plugin } of this.#sorted()) {
      const isStrict = plugin.errorMode === 'strict';
      strict ||= isStrict;
      content ||= plugin.wantsContent === true;
      const timeoutMs =
        typeof plugin.timeoutMs === 'number' && plugin.timeoutMs > 0 ? plugin.timeoutMs : DEFAULT_TIMEOUT_MS;
      const owner = plugin.hooks ?? {};
      for (const type of GENERATION_HOOKS) {
        const handler = (owner as Record<string, unknown>)[type];
        if (typeof handler !== 'function') continue;
        const entry: HandlerEntry = {
          plugin: plugin.name,
          owner,
          handler: handler as (payload: unknown) => unknown,
          strict: isStrict,
          awaited: isStrict || plugin.blocking === true,
          timeoutMs,
        };
        table[type] = [...table[type], entry];
      }
    }
    this.#table = table;
    this.#freezePayloads = strict;
    this.#wantsContent = content;
  }
}
