/** Where `@mellea/core-hooks` reports hook failures (default: `console.warn`). */
export interface HookLogger {
  warn(msg: string, ...rest: unknown[]): void;
  debug?(...args: unknown[]): void;
}

// Shared across copies of this package, like the bus.
const LOGGER_KEY = Symbol.for('mellea.core-hooks.logger.v1');
const DEFAULT_LOGGER: HookLogger = { warn: (msg, ...rest) => console.warn(msg, ...rest) };

type LoggerSlot = { [LOGGER_KEY]?: HookLogger };

/**
 * Sets the logger for hook failures and set-up warnings, process-wide (all copies of the
 * package). `undefined` restores the default, `console.warn`. A logger that throws is ignored.
 */
export function setHookLogger(logger: HookLogger | undefined): void {
  (globalThis as LoggerSlot)[LOGGER_KEY] = logger;
}

/** Logs a warning; never throws. @internal */
export function logWarn(msg: string, ...rest: unknown[]): void {
  const logger = (globalThis as LoggerSlot)[LOGGER_KEY] ?? DEFAULT_LOGGER;
  try {
    logger.warn(msg, ...rest);
  } catch {
    // A broken logger must not break the host.
  }
}

/** Logs a debug line when the logger has `debug`; never throws. @internal */
export function logDebug(...args: unknown[]): void {
  const logger = (globalThis as LoggerSlot)[LOGGER_KEY];
  try {
    logger?.debug?.(...args);
  } catch {
    // ignore
  }
}
