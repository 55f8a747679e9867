import { randomFillSync } from 'node:crypto';

// Random bytes for 1024 ids per refill from the CSPRNG (like crypto.randomUUID's cache, larger),
// formatted with String.fromCharCode into one flat string. Kept over crypto.randomUUID() because
// an interleaved A/B of the plugin bench missed its sampled target with randomUUID().
const IDS_PER_REFILL = 1024;
const pool = new Uint8Array(16 * IDS_PER_REFILL);
let offset = pool.length;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]; // '0'-'9', 'a'-'f'
const DASH = 45;

/** A new correlation id for one generation (UUID v4), distinct from the provider's response id. */
export function newGenerationId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool;
  const o = offset;
  offset += 16;
  const v = (b[o + 6] & 0x0f) | 0x40; // version 4
  const r = (b[o + 8] & 0x3f) | 0x80; // RFC 4122 variant
  return String.fromCharCode(
    HEX[b[o] >> 4],
    HEX[b[o] & 15],
    HEX[b[o + 1] >> 4],
    HEX[b[o + 1] & 15],
    HEX[b[o + 2] >> 4],
    HEX[b[o + 2] & 15],
    HEX[b[o + 3] >> 4],
    HEX[b[o + 3] & 15],
    DASH,
    HEX[b[o + 4] >> 4],
    HEX[b[o + 4] & 15],
    HEX[b[o + 5] >> 4],
    HEX[b[o + 5] & 15],
    DASH,
    HEX[v >> 4],
    HEX[v & 15],
    HEX[b[o + 7] >> 4],
    HEX[b[o + 7] & 15],
    DASH,
    HEX[r >> 4],
    HEX[r & 15],
    HEX[b[o + 9] >> 4],
    HEX[b[o + 9] & 15],
    DASH,
    HEX[b[o + 10] >> 4],
    HEX[b[o + 10] & 15],
    HEX[b[o + 11] >> 4],
    HEX[b[o + 11] & 15],
    HEX[b[o + 12] >> 4],
    HEX[b[o + 12] & 15],
    HEX[b[o + 13] >> 4],
    HEX[b[o + 13] & 15],
    HEX[b[o + 14] >> 4],
    HEX[b[o + 14] & 15],
    HEX[b[o + 15] >> 4],
    HEX[b[o + 15] & 15],
  );
}
