import { normalizeUsage } from '@mellea/core-hooks';

/** A usage object as found in a payload: fields are read through `tokenCount`, never trusted. */
export type LooseUsage = Readonly<Record<string, unknown>>;

/**
 * The usage of a (possibly malformed) payload, or `undefined` when there is none. A normalized
 * `Usage` is returned as it is (no copy: the hot path); a provider's raw usage object
 * (`prompt_tokens`, `input_tokens`, ...) given by mistake goes through `normalizeUsage` first.
 */
export function readUsage(raw: unknown): LooseUsage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as LooseUsage;
  if (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined) return u;
  try {
    return normalizeUsage(u) as LooseUsage | undefined;
  } catch {
    return undefined;
  }
}
