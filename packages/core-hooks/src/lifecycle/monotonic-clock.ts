/** Milliseconds on a monotonic clock (never jumps with the wall clock). */
export function monotonicNow(): number {
  return performance.now();
}
