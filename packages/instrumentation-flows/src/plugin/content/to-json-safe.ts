import type { Redactor } from '../redact/default-redactor';

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;
const REDACT_MARGIN = 512;
/** Values copied at most (shared sub-objects count once per path, so a DAG stays bounded). */
const MAX_NODES = 20_000;

interface Walk {
  readonly ancestors: object[];
  left: number;
}

/**
 * A plain JSON-safe copy of `value` (content from a payload, possibly malformed): strings go
 * through `redact` and are then cut at `maxLength`; non-finite numbers become `null`; bigints
 * become strings; functions, symbols, cycles, anything deeper than 32 levels and anything past
 * 20,000 values are dropped;
 * byte arrays become base64 (the schema's blob encoding). Never calls `toJSON`. May throw only
 * if a getter on the value throws.
 */
export function toJsonSafe(value: unknown, maxLength: number, redact: Redactor | undefined): unknown {
  return copy(value, maxLength, redact, 0, { ancestors: [], left: MAX_NODES });
}

/** `text` through `redact`, then cut at `maxLength` (a secret straddling the cut is still masked). */
export function redactThenCut(text: string, maxLength: number, redact: Redactor): string {
  // Redact a little past the cut, so a secret straddling it is still recognized whole.
  const redacted = redact(cutText(text, maxLength + REDACT_MARGIN));
  return cutText(typeof redacted === 'string' ? redacted : String(redacted), maxLength);
}

function copy(
  value: unknown,
  maxLength: number,
  redact: Redactor | undefined,
  depth: number,
  walk: Walk,
): unknown {
  if (--walk.left < 0) return undefined;
  switch (typeof value) {
    case 'string':
      return redact === undefined ? cutText(value, maxLength) : redactThenCut(value, maxLength, redact);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH || walk.ancestors.includes(value)) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return cutText(bytes.toString('base64'), maxLength);
  }
  walk.ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      const n = Math.min(value.length, MAX_ITEMS);
      for (let i = 0; i < n; i++) {
        const item = copy(value[i], maxLength, redact, depth + 1, walk);
        out.push(item === undefined ? null : item);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    const n = Math.min(keys.length, MAX_ITEMS);
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const item = copy((value as Record<string, unknown>)[key], maxLength, redact, depth + 1, walk);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    walk.ancestors.pop();
  }
}

/**
 * `text` cut to at most `max` UTF-16 code units, never between the two halves of a surrogate
 * pair (so the result stays well-formed).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * Text recorded as it is (a tool call's arguments or result given as JSON text): redacted, and when
 * longer than `max` characters recorded as a JSON string holding its beginning, at most `max` long
 * in all, so a huge text cannot make a huge span and the value stays valid JSON. `undefined` when
 * nothing fits (`max` < 2).
 */
export function textContent(text: string, max: number, redact: Redactor | undefined): string | undefined {
  // Redacted a little past `max`, so a secret straddling the cut is masked too.
  const redacted = redact === undefined ? text : redactThenCut(text, max + 1, redact);
  if (redacted.length <= max) return redacted;
  if (max < 2) return undefined;
  // The JSON string of a prefix: escapes make it longer than the prefix, so shrink until it fits.
  let prefix = cutText(redacted, max - 2);
  let json = JSON.stringify(prefix);
  while (json.length > max) {
    prefix = cutText(prefix, prefix.length - Math.max(1, json.length - max));
    json = JSON.stringify(prefix);
  }
  return json;
}
