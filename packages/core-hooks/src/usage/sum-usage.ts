import type { Usage } from '../types/payloads';

const KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'reasoningOutputTokens',
] as const;

/**
 * Adds usages field by field (e.g. the responses of one batch request). A field is present when
 * any usage has it as a finite, non-negative number; anything else (missing, malformed, `NaN`,
 * negative) is skipped. `undefined` when no usage has any count.
 */
export function sumUsage(usages: readonly (Usage | null | undefined)[]): Usage | undefined {
  let sum: Usage | undefined;
  for (const u of usages) {
    if (u === undefined || u === null || typeof u !== 'object') continue;
    for (const k of KEYS) {
      const v = u[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
      sum ??= {};
      sum[k] = (sum[k] ?? 0) + v;
    }
  }
  return sum;
}
