import type { Baggage } from '@opentelemetry/api';

// Shared by @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

/** All a trace context ever takes from incoming baggage: session, user and tags, never content. */
export interface BaggageTraceContext {
  sessionId?: string;
  userId?: string;
  tags?: string[];
}

/**
 * The baggage keys read (from each package's `semconv.ts`): for session and user, in order of
 * preference (the first valid value wins); for tags, one key holding a JSON array of strings.
 */
export interface BaggageTraceContextKeys {
  readonly sessionId: readonly string[];
  readonly userId: readonly string[];
  readonly tags: string;
}

const MAX_VALUE_LENGTH = 200;

/** A string of 1..200 characters without control characters (baggage is untrusted input). */
function isValid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

function first(baggage: Baggage, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = baggage.getEntry(key)?.value;
    if (isValid(value)) return value;
  }
  return undefined;
}

function tagsOf(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const tags = [...new Set(list.filter(isValid))];
  return tags.length > 0 ? (Object.freeze(tags) as string[]) : undefined;
}

function parse(baggage: Baggage, keys: BaggageTraceContextKeys): BaggageTraceContext | undefined {
  const out: BaggageTraceContext = {};
  const sessionId = first(baggage, keys.sessionId);
  if (sessionId !== undefined) out.sessionId = sessionId;
  const userId = first(baggage, keys.userId);
  if (userId !== undefined) out.userId = userId;
  const tags = tagsOf(baggage.getEntry(keys.tags)?.value);
  if (tags !== undefined) out.tags = tags;
  return Object.keys(out).length > 0 ? Object.freeze(out) : undefined;
}

/**
 * A reader of session, user and tags from a `Baggage` under `keys`. A value that is empty, longer
 * than 200 characters or holds a control character is dropped, as is a tag list that is not a JSON
 * array (its non-string and invalid items are dropped, duplicates removed); every other entry is
 * ignored. The result (frozen, or `undefined` when nothing is left) is kept per `Baggage` object:
 * a request's baggage is the parent of many spans.
 */
export function baggageTraceContextReader(
  keys: BaggageTraceContextKeys,
): (baggage: Baggage) => BaggageTraceContext | undefined {
  const parsed = new WeakMap<Baggage, BaggageTraceContext | undefined>();
  return (baggage) => {
    if (parsed.has(baggage)) return parsed.get(baggage);
    const value = parse(baggage, keys);
    parsed.set(baggage, value);
    return value;
  };
}

/**
 * `local` completed from `remote` (the baggage's): a local value always wins, key by key; a key
 * `local` holds as `undefined` (or an empty tag list) takes the baggage value. With both given, a
 * new frozen object.
 */
export function mergeBaggageTraceContext<T extends BaggageTraceContext>(
  local: T | undefined,
  remote: BaggageTraceContext | undefined,
): T | BaggageTraceContext | undefined {
  if (remote === undefined) return local;
  if (local === undefined) return remote;
  const merged: BaggageTraceContext = { ...local };
  if (merged.sessionId === undefined && remote.sessionId !== undefined) merged.sessionId = remote.sessionId;
  if (merged.userId === undefined && remote.userId !== undefined) merged.userId = remote.userId;
  if ((merged.tags === undefined || merged.tags.length === 0) && remote.tags !== undefined)
    merged.tags = remote.tags;
  return Object.freeze(merged);
}
