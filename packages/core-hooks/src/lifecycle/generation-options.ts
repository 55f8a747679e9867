import type { HookBus } from '../bus/hook-bus';

/** Options of the lifecycle helpers. */
export interface GenerationOptions {
  /** The bus to emit on; default: the global `hooks` bus. */
  bus?: HookBus;
  /** Use this correlation id instead of a new `newGenerationId()`. */
  generationId?: string;
  /** The call's abort signal: passed to `call`; when it fires the failure counts as cancelled. */
  signal?: AbortSignal;
}
