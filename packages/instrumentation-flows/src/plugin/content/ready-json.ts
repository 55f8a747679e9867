import type { Redactor } from '../redact/default-redactor';

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;
/** Values visited at most; shared sub-objects are visited once per path, so a DAG is bounded too. */
const MAX_NODES = 20_000;

/**
 * A string of only these characters (anything but `"`, `\`, control characters and surrogates)
 * is its own JSON body: `JSON.stringify(s) === '"' + s + '"'`. Anchored, so the regexp engine
 * runs one tight loop over the text, 2–3× faster than `JSON.stringify`'s per-character
 * escaping of a string (Node 20).
 */
const NEEDS_NO_ESCAPE = /^[ !#-[\]-\ud7ff\ue000-\uffff]*$/;

/** `JSON.stringify(text)`, without its escaping pass when the text needs none. */
export function quoteJson(text: string): string {
  return NEEDS_NO_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** The semconv message fields, quoted with their colon: the usual keys skip {@link quoteJson}. */
const KEYS: ReadonlyMap<string, string> = new Map(
  [
    'role',
    'parts',
    'type',
    'content',
    'finish_reason',
    'name',
    'id',
    'arguments',
    'response',
    'mime_type',
    'modality',
    'uri',
    'file_id',
    'description',
    'parameters',
  ].map((key) => [key, `"${key}":`]),
);

interface Walk {
  readonly maxLength: number;
  readonly redact: Redactor | undefined;
  readonly cap: number;
  /** The JSON written so far. */
  json: string;
  /** Values that may still be visited. */
  left: number;
}

/**
 * The JSON of `value` when it can be written as it is, in the walk that checks it: only plain
 * objects, arrays, strings of at most `maxLength` that `redact` leaves unchanged, booleans,
 * numbers, `null` (and, inside them, what JSON drops or nulls: `undefined`, functions, symbols);
 * no cycle, no bigint, no class instance, within the depth and size limits, and the whole at most
 * `cap` long. The text is then exactly what `JSON.stringify(toJsonSafe(value))` gives. `undefined`
 * otherwise: the caller takes the copying path. Never calls `toJSON`; reads each property once.
 */
export function readyJson(
  value: unknown,
  maxLength: number,
  redact: Redactor | undefined,
  cap: number,
): string | undefined {
  const walk: Walk = { maxLength, redact, cap, json: '', left: MAX_NODES };
  return write(value, 0, walk) && walk.json.length <= cap ? walk.json : undefined;
}

/** What JSON leaves out of an object (and writes as `null` in an array). */
function omitted(value: unknown): boolean {
  const type = typeof value;
  return type === 'undefined' || type === 'function' || type === 'symbol';
}

/** Appends the JSON of `value` (no omitted kind) to `walk.json`; `false` when it is not ready. */
function write(value: unknown, depth: number, walk: Walk): boolean {
  if (--walk.left < 0) return false;
  switch (typeof value) {
    case 'string':
      if (value.length > walk.maxLength) return false;
      if (walk.redact !== undefined && walk.redact(value) !== value) return false;
      walk.json += quoteJson(value);
      return walk.json.length <= walk.cap;
    case 'number':
      walk.json += Number.isFinite(value) ? String(value) : 'null';
      return true;
    case 'boolean':
      walk.json += value ? 'true' : 'false';
      return true;
    case 'object':
      break;
    default:
      return false; // bigint; and at the top, what JSON leaves out (the copying path gives `undefined`)
  }
  if (value === null) {
    walk.json += 'null';
    return true;
  }
  // A cycle runs into the depth limit or the node budget: then the copying path deals with it.
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return false;
    walk.json += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) walk.json += ',';
      const item = value[i];
      if (omitted(item)) {
        if (--walk.left < 0) return false;
        walk.json += 'null';
      } else if (!write(item, depth + 1, walk)) return false;
    }
    walk.json += ']';
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  if (keys.length > MAX_ITEMS) return false;
  let separator = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = (value as Record<string, unknown>)[key];
    if (omitted(item)) {
      if (--walk.left < 0) return false;
      continue;
    }
    walk.json += separator + (KEYS.get(key) ?? `${quoteJson(key)}:`);
    separator = ',';
    if (!write(item, depth + 1, walk)) return false;
  }
  walk.json += separator === '{' ? '{}' : '}';
  return true;
}
