import type { Redactor } from '../redact/default-redactor';

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;
/** Values visited at most; shared sub-objects are visited once per path, so a DAG is bounded too. */
const MAX_NODES = 20_000;

/**
 * Whether `value` can go to `JSON.stringify` as it is, giving what `toJsonSafe` would give: only
 * plain objects, arrays, strings of at most `maxLength` that `redact` leaves unchanged, booleans,
 * numbers, `null` (and what JSON drops: `undefined`, functions, symbols); no cycle, no bigint, no
 * class instance (a `toJSON` could run), within the depth and size limits. Allocates nothing, so
 * the usual small, clean message list skips the copy.
 */
export function isJsonReady(value: unknown, maxLength: number, redact: Redactor | undefined): boolean {
  return ready(value, maxLength, redact, 0, { left: MAX_NODES });
}

function ready(
  value: unknown,
  maxLength: number,
  redact: Redactor | undefined,
  depth: number,
  budget: { left: number },
): boolean {
  if (--budget.left < 0) return false;
  switch (typeof value) {
    case 'string':
      return value.length <= maxLength && (redact === undefined || redact(value) === value);
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  // A cycle runs into the depth limit or the node budget: then the slow path deals with it.
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return false;
    for (let i = 0; i < value.length; i++)
      if (!ready(value[i], maxLength, redact, depth + 1, budget)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  if (keys.length > MAX_ITEMS) return false;
  for (let i = 0; i < keys.length; i++) {
    if (!ready((value as Record<string, unknown>)[keys[i]], maxLength, redact, depth + 1, budget))
      return false;
  }
  return true;
}
