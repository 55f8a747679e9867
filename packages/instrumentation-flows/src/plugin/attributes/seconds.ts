/** A duration in milliseconds from a payload, in seconds; `undefined` when it is not a usable duration. */
export function seconds(ms: unknown): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}
