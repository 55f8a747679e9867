import { diagLogger } from '../diag/diag-logger';
import { oncePerProcess, resetWarnOnceForTests } from '../diag/warn-once';

const PREFIX = '[@mellea/instrumentation-flows]';

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
  const once = (key: string, message: string, toDiag: boolean) =>
    oncePerProcess(key, () => {
      if (toDiag) diagLogger.warn(message);
      if (toStderr) process.stderr.write(`${PREFIX} ${message}\n`);
    });
  return {
    warnOnce: (key, message) => once(key, message, true),
    stderrOnce: (key, message) => {
      if (toStderr) once(key, message, false);
    },
  };
}

/** Forgets which warnings were given, so tests can see them again. @internal */
export const resetSetupWarningsForTests: () => void = resetWarnOnceForTests;
