import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_MELLEA_TRACE_METADATA_PREFIX,
  ATTR_MELLEA_TRACE_NAME,
  ATTR_SESSION_ID,
  ATTR_TAG_TAGS,
  ATTR_USER_ID,
} from '../semconv';
import type { TraceContext } from './trace-context';

/** Which trace-context attributes a span gets. */
export type TraceContextAttributeSet =
  /** session, user, tags only: for other instrumentations' spans (never `gen_ai.*`). */
  | 'neutral'
  /** neutral + `mellea.trace.name` and metadata: workflow, tool and step spans. */
  | 'flow'
  /**
   * flow + `gen_ai.conversation.id`: inference and `invoke_agent` spans; under the
   * latest-experimental opt-in also workflow and tool spans.
   */
  | 'genai';

/**
 * Writes the attributes of `ctx` into `into` (and returns it). `gen_ai.conversation.id` is the
 * `conversationId`, else the `sessionId`.
 */
export function addTraceContextAttributes(
  ctx: TraceContext | undefined,
  set: TraceContextAttributeSet,
  into: Attributes = {},
): Attributes {
  if (!ctx) return into;
  if (ctx.sessionId !== undefined) into[ATTR_SESSION_ID] = ctx.sessionId;
  if (ctx.userId !== undefined) into[ATTR_USER_ID] = ctx.userId;
  if (ctx.tags && ctx.tags.length > 0) into[ATTR_TAG_TAGS] = ctx.tags.slice();
  if (set === 'neutral') return into;
  if (ctx.traceName !== undefined) into[ATTR_MELLEA_TRACE_NAME] = ctx.traceName;
  if (ctx.metadata) {
    for (const k in ctx.metadata) into[ATTR_MELLEA_TRACE_METADATA_PREFIX + k] = ctx.metadata[k];
  }
  if (set === 'genai') {
    const conversationId = ctx.conversationId ?? ctx.sessionId;
    if (conversationId !== undefined) into[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
  }
  return into;
}
