import type { DeepReadonly } from './deep-readonly';
import type { HookType } from './hook-types';
import type {
  GenerationBatchErrorPayload,
  GenerationBatchPostCallPayload,
  GenerationBatchPreCallPayload,
  GenerationErrorPayload,
  GenerationPostCallPayload,
  GenerationPreCallPayload,
} from './payloads';

/** The payload interface of each hook type (mutable form; handlers see {@link PayloadOf}). */
export interface HookPayloadMap {
  generation_pre_call: GenerationPreCallPayload;
  generation_post_call: GenerationPostCallPayload;
  generation_error: GenerationErrorPayload;
  generation_batch_pre_call: GenerationBatchPreCallPayload;
  generation_batch_post_call: GenerationBatchPostCallPayload;
  generation_batch_error: GenerationBatchErrorPayload;
}

/** The deep read-only payload a handler of hook `K` receives. */
export type PayloadOf<K extends HookType> = DeepReadonly<HookPayloadMap[K]>;

/**
 * What a `pre_call` handler may return: `around` runs the provider call inside it, e.g.
 * `(fn) => context.with(spanContext, fn)`, so requests made by the call become children of the
 * span. The bus guards it: `fn` runs exactly once and the caller gets `fn`'s own value. It is
 * called with the returned object as `this`, so it may be a method (one object per call, no
 * closure: `class Scope { around(fn) { return context.with(this.ctx, fn); } }`).
 */
export interface HookReturn {
  around?: <T>(fn: () => T) => T;
}

/** The result of one `emit`: `run(fn)` calls `fn` inside every returned `around`, by priority. */
export interface EmitResult {
  run<T>(fn: () => T): T;
}

/** A handler of hook `K`. Its return value is ignored except for `around` from `pre_call`. */
export type HookHandler<K extends HookType> = (
  payload: PayloadOf<K>,
  // biome-ignore lint/suspicious/noConfusingVoidType: an async handler that returns nothing gives Promise<void>.
) => void | HookReturn | Promise<void | HookReturn>;

/** The handlers of a plugin, one per hook type it subscribes to. */
export type HookHandlers = { [K in HookType]?: HookHandler<K> };

/**
 * How a plugin's failures are treated: `'warn'` (default) skips a throwing, rejecting or
 * timed-out handler with one warning per (plugin, hook); `'strict'` (for tests) throws the
 * failures of a phase together as one `HookPhaseError`.
 */
export type HookErrorMode = 'warn' | 'strict';

/** A subscriber to the bus. */
export interface HookPlugin {
  /** Unique on a bus: registering the same name again replaces the plugin. */
  name: string;
  /** Handlers run in ascending priority (default 50); ties in registration order. */
  priority?: number;
  /** `'warn'` (default): failures are skipped with one warning; `'strict'` (tests): thrown as one `HookPhaseError` per phase. */
  errorMode?: HookErrorMode;
  /** Await this plugin's promises (each up to `timeoutMs`) before the call goes on. */
  blocking?: boolean;
  /** Limit for an awaited handler (blocking or strict), in milliseconds. Default 500. */
  timeoutMs?: number;
  /** This plugin records message content: frameworks should build the content fields. */
  wantsContent?: boolean;
  /** The handlers, read once at registration (later changes are not seen). */
  hooks: HookHandlers;
}
