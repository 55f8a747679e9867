/** `v` when it is a usable token count (a non-negative integer: semconv `int`), else `undefined`. */
export function tokenCount(v: unknown): number | undefined {
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined;
}
