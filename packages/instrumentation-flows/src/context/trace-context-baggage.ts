import { type Baggage, type Context, propagation } from '@opentelemetry/api';
import {
  BAGGAGE_LANGFUSE_SESSION_ID,
  BAGGAGE_LANGFUSE_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TAGS,
  BAGGAGE_USER_ID,
} from '../semconv';
import type { TraceContext } from './trace-context';

/** What of a trace context goes into baggage, and what is ever taken from it: never content. */
export type BaggageTraceContext = Pick<TraceContext, 'sessionId' | 'userId' | 'tags'>;

/**
 * `ctx` with `tc`'s session, user and tags written into its baggage (the W3C baggage propagator
 * then sends them on outgoing requests), or, with `propagate` false, with those entries removed.
 * Other baggage entries are kept.
 */
export function withBaggageTraceContext(ctx: Context, tc: BaggageTraceContext, propagate: boolean): Context {
  const current = propagation.getBaggage(ctx);
  if (!propagate) {
    if (current === undefined) return ctx;
    return propagation.setBaggage(
      ctx,
      current.removeEntries(BAGGAGE_SESSION_ID, BAGGAGE_USER_ID, BAGGAGE_TAGS),
    );
  }
  let baggage = current ?? propagation.createBaggage();
  if (tc.sessionId !== undefined) baggage = baggage.setEntry(BAGGAGE_SESSION_ID, { value: tc.sessionId });
  if (tc.userId !== undefined) baggage = baggage.setEntry(BAGGAGE_USER_ID, { value: tc.userId });
  if (tc.tags !== undefined && tc.tags.length > 0)
    baggage = baggage.setEntry(BAGGAGE_TAGS, { value: JSON.stringify(tc.tags) });
  return propagation.setBaggage(ctx, baggage);
}

const MAX_VALUE_LENGTH = 200;

/** A string of 1..200 characters without control characters, else `undefined` (untrusted input). */
function checked(value: string | undefined): string | undefined {
  if (value === undefined || value.length === 0 || value.length > MAX_VALUE_LENGTH) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return undefined;
  }
  return value;
}

function tagsOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const tags = [...new Set(parsed.map((t) => (typeof t === 'string' ? checked(t) : undefined)))].filter(
    (t): t is string => t !== undefined,
  );
  return tags.length > 0 ? tags : undefined;
}

/** One parsed value per baggage object: a request's baggage is the parent of many spans. */
const parsed = new WeakMap<Baggage, BaggageTraceContext | undefined>();

function parse(baggage: Baggage): BaggageTraceContext | undefined {
  const entry = (key: string) => baggage.getEntry(key)?.value;
  const out: BaggageTraceContext = {};
  const sessionId = checked(entry(BAGGAGE_SESSION_ID)) ?? checked(entry(BAGGAGE_LANGFUSE_SESSION_ID));
  if (sessionId !== undefined) out.sessionId = sessionId;
  const userId = checked(entry(BAGGAGE_USER_ID)) ?? checked(entry(BAGGAGE_LANGFUSE_USER_ID));
  if (userId !== undefined) out.userId = userId;
  const tags = tagsOf(entry(BAGGAGE_TAGS));
  if (tags !== undefined) out.tags = Object.freeze(tags) as string[];
  return Object.keys(out).length > 0 ? Object.freeze(out) : undefined;
}

/**
 * Session, user and tags from the baggage of `ctx`: `session.id` (else Langfuse's
 * `langfuse_session_id`), `user.id` (else `langfuse_user_id`) and `tag.tags` (a JSON array of
 * strings). Baggage is untrusted input: a value that is empty, longer than 200 characters or
 * holds a control character is dropped, as is every other baggage entry.
 */
export function traceContextFromBaggage(ctx: Context): BaggageTraceContext | undefined {
  const baggage = propagation.getBaggage(ctx);
  if (baggage === undefined) return undefined;
  if (parsed.has(baggage)) return parsed.get(baggage);
  const value = parse(baggage);
  parsed.set(baggage, value);
  return value;
}

/**
 * The trace context spans started in `ctx` carry: the local one (`withTraceContext`) and, when
 * `trustBaggage`, the session, user and tags of incoming baggage where the local one has none.
 * A local value always wins.
 */
export function resolveTraceContext(
  ctx: Context,
  local: TraceContext | undefined,
  trustBaggage: boolean,
): TraceContext | undefined {
  if (!trustBaggage) return local;
  const remote = traceContextFromBaggage(ctx);
  if (remote === undefined) return local;
  if (local === undefined) return remote;
  const merged: TraceContext = { ...local };
  if (merged.sessionId === undefined && remote.sessionId !== undefined) merged.sessionId = remote.sessionId;
  if (merged.userId === undefined && remote.userId !== undefined) merged.userId = remote.userId;
  if (merged.tags === undefined && remote.tags !== undefined) merged.tags = remote.tags;
  return merged;
}
