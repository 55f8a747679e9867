import { logWarn } from '../logger/hook-logger';
import { GENERATION_HOOKS, type HookType } from '../types/hook-types';
import type { EmitResult, HookPlugin, PayloadOf } from '../types/plugin';
import { PACKAGE_VERSION } from '../version';
import { dispatch, type HandlerEntry } from './dispatch';
import { PASS_THROUGH } from './emit-result';
import { FailureReporter } from './failure-reporter';

const DEFAULT_PRIORITY = 50;
const DEFAULT_TIMEOUT_MS = 500;
const NONE: readonly HandlerEntry[] = Object.freeze([]);

interface Registration {
  readonly plugin: HookPlugin;
  /** The name it was registered under (read once). */
  readonly name: string;
  readonly priority: number;
  readonly seq: number;
  /** strict mode: payloads are frozen while it is registered. */
  readonly strict: boolean;
  /** Its handlers with their hook slot, read once at registration. */
  readonly entries: readonly { readonly slot: number; readonly entry: HandlerEntry }[];
}

type HandlerLists = (readonly HandlerEntry[])[];

/** The slot of each hook type in the handler lists; -1 for an unknown type. */
function slotOf(type: HookType): number {
  // Comparing interned string constants is cheaper than a keyed load that sees six keys.
  switch (type) {
    case 'generation_pre_call':
      return 0;
    case 'generation_post_call':
      return 1;
    case 'generation_error':
      return 2;
    case 'generation_batch_pre_call':
      return 3;
    case 'generation_batch_post_call':
      return 4;
    case 'generation_batch_error':
      return 5;
    default:
      return -1;
  }
}

function emptyLists(): HandlerLists {
  return [NONE, NONE, NONE, NONE, NONE, NONE];
}

/** Options of a {@link HookBus}. */
export interface HookBusOptions {
  /**
   * Called once, on the first `generation_pre_call` or `generation_batch_pre_call` the bus emits
   * or is asked about (`hasSubscribers`); a throw is logged, never raised. The global bus runs the
   * env-driven auto-load with it.
   */
  readonly onFirstGeneration?: () => void;
}

/**
 * The hook bus: plugins register handlers for the six generation hooks, frameworks emit them.
 * Handlers are observers: they run synchronously in ascending priority and cannot change the
 * call. Use the process-wide `hooks` bus unless you need an isolated one (tests).
 */
export class HookBus {
  /** The `@mellea/core-hooks` version that created this bus. */
  readonly version: string = PACKAGE_VERSION;

  #registrations = new Map<string, Registration>();
  #seq = 0;
  #lists: HandlerLists = emptyLists();
  #onFirstGeneration: (() => void) | undefined;

  #freezePayloads = false;
  #plugins: HookPlugin[] = [];
  #names: string[] = [];
  #reporter = new FailureReporter();

  constructor(options?: HookBusOptions) {
    this.#onFirstGeneration = options?.onFirstGeneration;
  }

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
    let registration: Registration;
    try {
      registration = this.#read(plugin, name);
    } catch (error) {
      // A getter that throws: the plugin cannot be read, so it is not registered (and cannot
      // break the registrations of other plugins later).
      logWarn(`[@mellea/core-hooks] register() ignored the plugin "${name}": reading it failed:`, error);
      return () => {};
    }
    if (this.#registrations.has(name)) {
      logWarn(`[@mellea/core-hooks] a plugin named "${name}" was already registered; it is replaced.`);
    }
    this.#reporter.forget(name);
    this.#registrations.delete(name);
    this.#registrations.set(name, registration);
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
    return this.#names.slice();
  }

  /** Whether any plugin handles `type`. O(1), allocates nothing. */
  hasSubscribers(type: HookType): boolean {
    if (this.#onFirstGeneration !== undefined) this.#firstUse(type);
    const slot = slotOf(type);
    return slot >= 0 && this.#lists[slot].length > 0;
  }

  /**
   * Whether some registered plugin records message content, so content fields are worth
   * building. Each plugin's `wantsContent` is read now (a getter may change its answer later).
   */
  wantsContent(): boolean {
    const plugins = this.#plugins;
    for (let i = 0; i < plugins.length; i++) {
      try {
        if (plugins[i].wantsContent === true) return true;
      } catch {
        // a throwing getter counts as "no"
      }
    }
    return false;
  }

  /**
   * Calls every handler of `type` with `payload`, in priority order. Returns a promise only when
   * a blocking or strict handler returned one (it is awaited, up to its `timeoutMs`). Warn-mode
   * failures are logged once per (plugin, hook); strict-mode failures of the phase are thrown
   * (or rejected) together as one `HookPhaseError` after every handler ran.
   */
  emit<K extends HookType>(type: K, payload: PayloadOf<K>): EmitResult | Promise<EmitResult> {
    if (this.#onFirstGeneration !== undefined) this.#firstUse(type);
    const slot = slotOf(type);
    if (slot < 0) return PASS_THROUGH;
    const list = this.#lists[slot];
    if (list.length === 0) return PASS_THROUGH;
    const p = this.#freezePayloads ? Object.freeze({ ...payload }) : payload;
    return dispatch(type, list, p, this.#reporter, 0, undefined);
  }

  #firstUse(type: HookType): void {
    if (type !== 'generation_pre_call' && type !== 'generation_batch_pre_call') return;
    const onFirst = this.#onFirstGeneration;
    this.#onFirstGeneration = undefined;
    try {
      onFirst?.();
    } catch (e) {
      logWarn('[@mellea/core-hooks] first-generation set-up failed:', e);
    }
  }

  #sorted(): Registration[] {
    return [...this.#registrations.values()].sort((a, b) => a.priority - b.priority || a.seq - b.seq);
  }

  /** Reads `plugin`'s settings and handlers once (may throw: a hostile getter). */
  #read(plugin: HookPlugin, name: string): Registration {
    const reporter = this.#reporter;
    const priority = Number.isFinite(plugin.priority) ? (plugin.priority as number) : DEFAULT_PRIORITY;
    const strict = plugin.errorMode === 'strict';
    const awaited = strict || plugin.blocking === true;
    const timeoutMs =
      typeof plugin.timeoutMs === 'number' && plugin.timeoutMs > 0 ? plugin.timeoutMs : DEFAULT_TIMEOUT_MS;
    const owner = plugin.hooks ?? {};
    const entries: { slot: number; entry: HandlerEntry }[] = [];
    for (const type of GENERATION_HOOKS) {
      const handler = (owner as Record<string, unknown>)[type];
      if (typeof handler !== 'function') continue;
      const entry: HandlerEntry = {
        plugin: name,
        owner,
        handler: handler as (payload: unknown) => unknown,
        strict,
        awaited,
        timeoutMs,
        onRejected: (error) => reporter.warnOnce(name, type, error),
      };
      entries.push({ slot: slotOf(type), entry });
    }
    return { plugin, name, priority, seq: this.#seq++, strict, entries };
  }

  #rebuild(): void {
    const lists = emptyLists();
    let strict = false;
    const sorted = this.#sorted();
    for (const r of sorted) {
      strict ||= r.strict;
      for (const { slot, entry } of r.entries) lists[slot] = [...lists[slot], entry];
    }
    this.#lists = lists;
    this.#freezePayloads = strict;
    this.#plugins = sorted.map((r) => r.plugin);
    this.#names = sorted.map((r) => r.name);
  }
}
