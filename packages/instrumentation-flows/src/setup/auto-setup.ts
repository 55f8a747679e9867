import { isTracingEnabled } from '../config/env-flags';
import { setUp } from './setup-tracing';

/**
 * The import-time set-up: when `MELLEA_TRACES_ENABLED` is truthy (and `OTEL_SDK_DISABLED` is not
 * `true`), sets tracing up from the environment, once, with the env-driven exit handling
 * (flush on SIGTERM/SIGINT too). Otherwise does nothing at all. Never throws.
 */
export function autoSetup(): void {
  try {
    if (isTracingEnabled()) setUp({}, 'env');
  } catch {
    // never into the importing application
  }
}
