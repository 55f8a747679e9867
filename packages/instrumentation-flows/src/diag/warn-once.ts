import { diagLogger } from './diag-logger';

// Keys already warned about, shared by every copy of this package in the process.
const WARNED_KEY = Symbol.for('mellea.instrumentation-flows.setup-warnings.v1');

type WarnedSlot = { [WARNED_KEY]?: Set<string> };

function warnedKeys(): Set<string> {
  const slot = globalThis as WarnedSlot;
  if (!slot[WARNED_KEY]) slot[WARNED_KEY] = new Set();
  return slot[WARNED_KEY];
}

/**
 * Runs `report` the first time `key` is seen in the process (this package's one "warn once":
 * a server that meets the same problem on every request warns once; keys are fixed strings, so
 * the set stays bounded). Never throws: a closed stderr or a throwing diag logger must not reach
 * the app.
 */
export function oncePerProcess(key: string, report: () => void): void {
  try {
    const warned = warnedKeys();
    if (warned.has(key)) return;
    warned.add(key);
    report();
  } catch {
    // ignored, see above
  }
}

/** Warns through this package's diag logger once per `key` for the whole process. Never throws. */
export function warnOnce(key: string, message: string, error?: unknown): void {
  oncePerProcess(key, () => {
    if (error === undefined) diagLogger.warn(message);
    else diagLogger.warn(message, error);
  });
}

/** Forgets which warnings were given, so tests can see them again. @internal */
export function resetWarnOnceForTests(): void {
  warnedKeys().clear();
}
