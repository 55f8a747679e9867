import type { Usage } from '../types/payloads';

const KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'reasoningOutputTokens',
] as const;

/** Adds usages field by field; a field is present when any usage has it. `undefined` when none has any. */
export function sumUsage(usages: readonly (Usage | undefined)[]): Usage | undefined {
  let sum: Usage | undefined;
  for (const u of usages) {
    if (u === undefined || u === null) continue;
    for (const k of KEYS) {
      const v = u[k];
      if (typeof v !== 'number') continue;
      sum ??= {};
      sum[k] = (sum[k] ?? 0) + v;
    }
  }
  return sum;
}
