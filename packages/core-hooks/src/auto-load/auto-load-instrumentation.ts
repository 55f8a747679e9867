import { logWarn } from '../logger/hook-logger';
import { INSTRUMENTATION_PACKAGE, type LoadOutcome, loadRegisterEntry } from './load-register-entry';

// Once per process, across copies of this package.
const DONE_KEY = Symbol.for('mellea.core-hooks.auto-load.v1');
const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

type DoneSlot = { [DONE_KEY]?: boolean };

/** Whether the environment asks for auto-loaded tracing (`MELLEA_TRACES_ENABLED` truthy, SDK not disabled). */
export function autoLoadRequested(env: Record<string, string | undefined>): boolean {
  const flag = env.MELLEA_TRACES_ENABLED?.trim().toLowerCase();
  if (flag === undefined || !TRUTHY.has(flag)) return false;
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
}

/**
 * On the first generation on the global bus: when `MELLEA_TRACES_ENABLED` is truthy, loads
 * `@mellea/instrumentation-flows/register` (once per process, synchronously). Not installed:
 * one warning naming the package. Never throws.
 *
 * @returns what happened, or `undefined` when it already ran or was not requested.
 */
export function autoLoadInstrumentation(
  env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env,
  entryScript: string | undefined = typeof process === 'undefined' ? undefined : process.argv[1],
): LoadOutcome | undefined {
  const slot = globalThis as DoneSlot;
  if (slot[DONE_KEY]) return undefined;
  slot[DONE_KEY] = true;
  if (!autoLoadRequested(env)) return undefined;
  const outcome = loadRegisterEntry(entryScript);
  if (outcome.status === 'missing') {
    const msg = `[@mellea/core-hooks] MELLEA_TRACES_ENABLED is set but ${INSTRUMENTATION_PACKAGE} is not installed beside the application (resolved from ${entryScript ?? 'no entry script'}); generations run untraced. Install ${INSTRUMENTATION_PACKAGE} to get spans.`;
    logWarn(msg);
  } else if (outcome.status === 'failed') {
    logWarn(
      `[@mellea/core-hooks] loading ${INSTRUMENTATION_PACKAGE}/register failed; generations run untraced:`,
      outcome.error,
    );
  }
  return outcome;
}

/** Lets tests run the auto-load again. @internal */
export function resetAutoLoadForTests(): void {
  (globalThis as DoneSlot)[DONE_KEY] = false;
}
