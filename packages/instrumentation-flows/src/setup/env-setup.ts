import { isOtelTrue, isTracingEnabled } from '../config/env-flags';
import { setUp } from './setup-tracing';

// The two env-driven ways in; both set up with the env-driven exit handling (flush on
// SIGTERM/SIGINT too) and never throw into the importing application.

const OFF = new Set(['0', 'false', 'no', 'off']);

/**
 * The import-time set-up: when `MELLEA_TRACES_ENABLED` is truthy (and `OTEL_SDK_DISABLED` is not
 * `true`), sets tracing up from the environment, once. Otherwise does nothing at all.
 */
export function autoSetup(): void {
  try {
    if (isTracingEnabled()) setUp({}, 'env');
  } catch {
    // never into the importing application
  }
}

/**
 * What the `register` entry does: sets tracing up from the environment unless
 * `MELLEA_TRACES_ENABLED` is `0`, `false`, `no` or `off` (any case), or `OTEL_SDK_DISABLED` is
 * `true`. Unset counts as on: importing the entry is the opt-in.
 */
export function registerFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  try {
    const flag = env.MELLEA_TRACES_ENABLED?.trim().toLowerCase();
    if (flag !== undefined && OFF.has(flag)) return;
    if (isOtelTrue(env.OTEL_SDK_DISABLED)) return;
    setUp({}, 'env');
  } catch {
    // never into the importing application
  }
}
