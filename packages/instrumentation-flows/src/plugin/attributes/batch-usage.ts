import type { Usage } from '@mellea/core-hooks';
import { readUsage } from './read-usage';

/**
 * The usage of a batch: the batch's own when given, else the sum of its responses' usages
 * (each count summed over the responses that report it).
 */
export function batchUsage(usage: unknown, responses: readonly unknown[]): Usage | undefined {
  const own = readUsage(usage);
  if (own !== undefined) return own;
  let sum: Usage | undefined;
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    const u = r !== null && typeof r === 'object' ? readUsage((r as { usage?: unknown }).usage) : undefined;
    if (u === undefined) continue;
    sum ??= {};
    for (const key of Object.keys(u) as (keyof Usage)[]) sum[key] = (sum[key] ?? 0) + (u[key] as number);
  }
  return sum;
}
