import { sumUsage, type Usage } from '@mellea/core-hooks';
import { type LooseUsage, readUsage } from './read-usage';

/**
 * The usage of a batch: the batch's own when given, else the sum of its responses' usages
 * (each count summed over the responses that report it).
 */
export function batchUsage(usage: unknown, responses: readonly unknown[]): LooseUsage | undefined {
  const own = readUsage(usage);
  if (own !== undefined) return own;
  const usages: (Usage | undefined)[] = [];
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    if (r !== null && typeof r === 'object')
      usages.push(readUsage((r as { usage?: unknown }).usage) as Usage);
  }
  return sumUsage(usages) as LooseUsage | undefined;
}
