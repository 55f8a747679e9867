import { diagLogger } from '../diag/diag-logger';

/** Langfuse's rule for environment names (`^(?!langfuse)[a-z0-9_-]+$`, at most 40 characters). */
const ENVIRONMENT_PATTERN = /^(?!langfuse)[a-z0-9_-]+$/;
const MAX_ENVIRONMENT_LENGTH = 40;

/**
 * Returns `value` when it is a valid Langfuse environment name; otherwise warns once (naming the
 * rule, and `source`, e.g. `LANGFUSE_TRACING_ENVIRONMENT`) and returns `undefined`, so the
 * environment is left out rather than rewritten by Langfuse into something unexpected.
 */
export function validateEnvironment(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length <= MAX_ENVIRONMENT_LENGTH && ENVIRONMENT_PATTERN.test(value)) return value;
  diagLogger.warn(
    `${source} "${value.slice(0, 60)}" is not a valid Langfuse environment ` +
      `(lowercase [a-z0-9_-], at most ${MAX_ENVIRONMENT_LENGTH} characters, not starting with "langfuse"); ` +
      'it is left out',
  );
  return undefined;
}
