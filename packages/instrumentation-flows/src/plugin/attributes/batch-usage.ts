import { type LooseUsage, readUsage } from './read-usage';
import { tokenCount } from './token-count';

const KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'reasoningOutputTokens',
] as const;

/**
 * The usage of a batch: the batch's own when given, else the sum of its responses' usages
 * (each count summed over the responses that report it).
 */
export function batchUsage(usage: unknown, responses: readonly unknown[]): LooseUsage | undefined {
  const own = readUsage(usage);
  if (own !== undefined) return own;
  let sum: Record<string, number> | undefined;
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    const u = r !== null && typeof r === 'object' ? readUsage((r as { usage?: unknown }).usage) : undefined;
    if (u === undefined) continue;
    sum ??= {};
    for (const key of KEYS) {
      const n = tokenCount(u[key]);
      if (n !== undefined) sum[key] = (sum[key] ?? 0) + n;
    }
  }
  return sum;
}
