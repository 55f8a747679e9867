/**
 * A tool argument or result as the JSON string the semconv content attributes hold: strings are
 * taken as given (tool calls usually carry JSON text already), other values are serialized.
 * `undefined` when there is nothing to record or the value cannot be serialized.
 */
export function toolContent(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
