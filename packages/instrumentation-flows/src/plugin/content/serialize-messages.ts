import type { Redactor } from '../redact/default-redactor';
import { cutText } from './cut-text';
import { toJsonSafe } from './to-json-safe';

/** Limits for one serialized content attribute. */
export interface SerializeLimits {
  /** Each string in the content (a text part's `content`, a tool argument, ...) is cut at this. */
  maxContentLength: number;
  /** The whole JSON string never exceeds this. */
  maxAttributeLength: number;
  /** Runs on every string before it is cut; `undefined` records strings as they are. */
  redact?: Redactor;
}

const MIN_STRING_LENGTH = 16;

/**
 * Content (`gen_ai.input.messages` and friends) as a JSON string within `limits`, always valid
 * JSON: strings are redacted and cut first; when the JSON is still too long, every string is cut
 * shorter (down to 16 characters), then only the first array items (messages, parts) that fit
 * are kept. `undefined` when nothing fits or
 * the value cannot be read (a throwing getter or redactor).
 */
export function serializeMessages(value: unknown, limits: SerializeLimits): string | undefined {
  const cap = limits.maxAttributeLength;
  let tree: unknown;
  let json: string | undefined;
  try {
    tree = toJsonSafe(value, limits.maxContentLength, limits.redact);
    json = JSON.stringify(tree);
  } catch {
    return undefined;
  }
  if (json === undefined || json.length <= cap) return json;

  // The longest string length at which the whole fits.
  const best = largestThatFits(MIN_STRING_LENGTH, limits.maxContentLength - 1, cap, (n) =>
    shrinkStrings(tree, n),
  );
  if (best !== undefined) return best;
  // The structure itself is too big: keep the first items (in document order) that fit.
  const base = shrinkStrings(
    tree,
    Math.max(MIN_STRING_LENGTH, Math.min(limits.maxContentLength, Math.floor(cap / 8))),
  );
  return largestThatFits(0, countItems(base), cap, (n) => keepItems(base, { left: n }));
}

/**
 * Binary search: the JSON of `make(n)` for the largest `n` in `[lo, hi]` whose JSON is at most
 * `cap` long (`make(n)` grows with `n`), or `undefined` when none is.
 */
function largestThatFits(
  lo: number,
  hi: number,
  cap: number,
  make: (n: number) => unknown,
): string | undefined {
  let best: string | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const json = JSON.stringify(make(mid));
    if (json.length <= cap) {
      best = json;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

function shrinkStrings(value: unknown, limit: number): unknown {
  if (typeof value === 'string') return cutText(value, limit);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shrinkStrings(v, limit));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    out[key] = shrinkStrings((value as Record<string, unknown>)[key], limit);
  return out;
}

/** A copy of `value` keeping only the first `budget.left` array items, counted in document order. */
function keepItems(value: unknown, budget: { left: number }): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (budget.left <= 0) break;
      budget.left--;
      out.push(keepItems(item, budget));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = keepItems((value as Record<string, unknown>)[key], budget);
  return out;
}

function countItems(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) for (const item of value) n += 1 + countItems(item);
  else for (const key of Object.keys(value)) n += countItems((value as Record<string, unknown>)[key]);
  return n;
}
