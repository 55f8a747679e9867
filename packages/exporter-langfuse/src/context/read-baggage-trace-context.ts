import { type Baggage, type Context, propagation } from '@opentelemetry/api';
import {
  BAGGAGE_LANGFUSE_SESSION_ID,
  BAGGAGE_LANGFUSE_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TAGS,
  BAGGAGE_USER_ID,
} from '../semconv';
import { baggageTraceContextReader, mergeBaggageTraceContext } from './baggage-trace-context';
import type { TraceContextValue } from './read-trace-context';

const readBaggage = baggageTraceContextReader({
  sessionId: [BAGGAGE_SESSION_ID, BAGGAGE_LANGFUSE_SESSION_ID],
  userId: [BAGGAGE_USER_ID, BAGGAGE_LANGFUSE_USER_ID],
  tags: BAGGAGE_TAGS,
});

/**
 * `local` completed from the baggage of `ctx`: session (`session.id`, else Langfuse's
 * `langfuse_session_id`), user (`user.id`, else `langfuse_user_id`) and tags (`tag.tags`, a JSON
 * array) where `local` has none. A local value always wins, key by key; nothing else is taken
 * from baggage.
 */
export function withBaggageTraceContext(
  ctx: Context | undefined,
  local: TraceContextValue | undefined,
): TraceContextValue | undefined {
  let baggage: Baggage | undefined;
  try {
    baggage = ctx === undefined ? undefined : propagation.getBaggage(ctx);
  } catch {
    return local;
  }
  return mergeBaggageTraceContext(local, baggage === undefined ? undefined : readBaggage(baggage));
}
