import { diagLogger } from '../diag/diag-logger';

const PREFIX = '[@mellea/instrumentation-flows]';
// Keys already warned about, shared by every copy of this package in the process.
const WARNED_KEY = Symbol.for('mellea.instrumentation-flows.setup-warnings.v1');

type WarnedSlot = { [WARNED_KEY]?: Set<string> };

function warnedKeys(): Set<string> {
  const slot = globalThis as WarnedSlot;
  if (!slot[WARNED_KEY]) slot[WARNED_KEY] = new Set();
  return slot[WARNED_KEY];
}

/** Where a set-up warning goes: the diag logger always, stderr too on the env-driven path. */
export interface SetupWarner {
  /** Warns once per `key` for the whole process. Never throws. */
  warnOnce(key: string, message: string): void;
  /**
   * For a mistake another package already reported through the diag logger: writes it once to
   * stderr on the env-driven path, and does nothing otherwise. Never throws.
   */
  stderrOnce(key: string, message: string): void;
}

/**
 * Makes the set-up warner. Every warning goes once (per key, per process) to the OTel diag
 * logger; with `toStderr` (the env-driven set-up: auto-registration and `/register`, where no
 * one may have set a diag logger) it is also written once to stderr.
 */
export function createSetupWarner(toStderr: boolean): SetupWarner {
  const once = (key: string, message: string, toDiag: boolean) => {
    try {
      const warned = warnedKeys();
      if (warned.has(key)) return;
      warned.add(key);
      if (toDiag) diagLogger.warn(message);
      if (toStderr) process.stderr.write(`${PREFIX} ${message}\n`);
    } catch {
      // A closed stderr or a throwing diag logger must not reach the app.
    }
  };
  return {
    warnOnce: (key, message) => once(key, message, true),
    stderrOnce: (key, message) => {
      if (toStderr) once(key, message, false);
    },
  };
}

/** Forgets which warnings were given, so tests can see them again. @internal */
export function resetSetupWarningsForTests(): void {
  warnedKeys().clear();
}
