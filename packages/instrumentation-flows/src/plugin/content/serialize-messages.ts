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

const SHRINK_ROUNDS = 8;

/**
 * Content (`gen_ai.input.messages` and friends) as a JSON string within `limits`, always valid
 * JSON: strings are redacted and cut first; when the JSON is still too long, every string is cut
 * shorter, then trailing items of a top-level array are dropped. `undefined` when nothing fits or
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

  let limit = limits.maxContentLength;
  for (let round = 0; round < SHRINK_ROUNDS && limit > 0; round++) {
    limit = Math.min(limit - 1, Math.floor((limit * cap) / json.length) - 1);
    if (limit < 0) limit = 0;
    const shrunk = shrinkStrings(tree, limit);
    json = JSON.stringify(shrunk);
    if (json.length <= cap) return json;
    if (round === SHRINK_ROUNDS - 1 || limit === 0) tree = shrunk;
  }
  return Array.isArray(tree) ? longestPrefixThatFits(tree, cap) : undefined;
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

function longestPrefixThatFits(items: unknown[], cap: number): string | undefined {
  let lo = 0;
  let hi = items.length;
  let best: string | undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const json = JSON.stringify(items.slice(0, mid));
    if (json.length <= cap) {
      best = json;
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}
