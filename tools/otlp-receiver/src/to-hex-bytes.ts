/** Returns a deep copy of `value` with every `Uint8Array` (Buffer) replaced by its lower-case hex. */
export function toHexBytes(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (Array.isArray(value)) return value.map(toHexBytes);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toHexBytes(v);
    return out;
  }
  return value;
}
