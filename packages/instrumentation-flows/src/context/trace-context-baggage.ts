import { type Context, propagation } from '@opentelemetry/api';
import {
  BAGGAGE_LANGFUSE_SESSION_ID,
  BAGGAGE_LANGFUSE_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TAGS,
  BAGGAGE_USER_ID,
} from '../semconv';
import {
  type BaggageTraceContext,
  baggageTraceContextReader,
  mergeBaggageTraceContext,
} from './baggage-trace-context';
import type { TraceContext } from './trace-context';

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

const readBaggage = baggageTraceContextReader({
  sessionId: [BAGGAGE_SESSION_ID, BAGGAGE_LANGFUSE_SESSION_ID],
  userId: [BAGGAGE_USER_ID, BAGGAGE_LANGFUSE_USER_ID],
  tags: BAGGAGE_TAGS,
});

/**
 * Session, user and tags from the baggage of `ctx`: `session.id` (else Langfuse's
 * `langfuse_session_id`), `user.id` (else `langfuse_user_id`) and `tag.tags` (a JSON array of
 * strings). Baggage is untrusted input: a value that is empty, longer than 200 characters or
 * holds a control character is dropped, as is every other baggage entry.
 */
export function traceContextFromBaggage(ctx: Context): BaggageTraceContext | undefined {
  const baggage = propagation.getBaggage(ctx);
  return baggage === undefined ? undefined : readBaggage(baggage);
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
  return mergeBaggageTraceContext(local, traceContextFromBaggage(ctx));
}
