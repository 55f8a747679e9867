/** `v` when it is a usable token count (a finite, non-negative number), else `undefined`. */
export function tokenCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
