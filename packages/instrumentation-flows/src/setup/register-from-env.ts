import { isOtelTrue } from '../config/env-flags';
import { setUp } from './setup-tracing';

const OFF = new Set(['0', 'false', 'no', 'off']);

/**
 * What the `register` entry does: sets tracing up from the environment (with the env-driven
 * exit handling) unless `MELLEA_TRACES_ENABLED` is `0`, `false`, `no` or `off` (any case), or
 * `OTEL_SDK_DISABLED` is `true`. Unset counts as on: importing the entry is the opt-in. Never throws.
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
