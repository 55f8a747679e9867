import type { HookType } from '../types/hook-types';

const BRAND = Symbol.for('mellea.core-hooks.hook-phase-error.v1');

/** One failing handler of a phase. */
export interface HookFailure {
  /** The failing plugin's name. */
  plugin: string;
  /** What its handler threw or rejected with (or a timeout error). */
  error: unknown;
}

/**
 * The failures of strict-mode plugins in one phase, thrown together after every handler of the
 * phase ran.
 */
export class HookPhaseError extends Error {
  override readonly name = 'HookPhaseError';
  /** The hook whose handlers failed. */
  readonly phase: HookType;
  /** Every failure of the phase, in handler order, each with the plugin's very error object. */
  readonly failures: HookFailure[];

  constructor(phase: HookType, failures: HookFailure[]) {
    super(
      `${failures.length} hook failure(s) in ${phase}: ${failures
        .map((f) => `${f.plugin}: ${describeError(f.error)}`)
        .join('; ')}`,
    );
    this.phase = phase;
    this.failures = failures;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Whether `e` is a {@link HookPhaseError}, from this or any other copy of the package. */
export function isHookPhaseError(e: unknown): e is HookPhaseError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
