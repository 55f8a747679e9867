import type { AttributeValue } from '@opentelemetry/api';
import { ATTR_SESSION_ID, ATTR_TAG_TAGS, ATTR_USER_ID } from '../semconv';
import type { TraceContextValue } from './read-trace-context';

/** The part of a started span this needs (duck-typed: SDK 1.x, 2.x and 3.x spans fit). */
export interface StampableSpan {
  readonly attributes?: Readonly<Record<string, unknown>>;
  setAttribute(key: string, value: AttributeValue): unknown;
}

/**
 * Stamps the neutral trace-context attributes (`session.id`, `user.id`, `tag.tags`) on a span at
 * start, as `TraceContextSpanProcessor` does, so spans of other instrumentations carry them to
 * every exporter. Never `gen_ai.*` (a GenAI-only filter would then keep every HTTP span), never
 * Langfuse-specific names, and never over a value the span already has.
 */
export function stampTraceContext(span: StampableSpan, tc: TraceContextValue | undefined): void {
  if (!tc) return;
  const existing = span.attributes ?? {};
  if (tc.sessionId !== undefined && existing[ATTR_SESSION_ID] === undefined) {
    span.setAttribute(ATTR_SESSION_ID, tc.sessionId);
  }
  if (tc.userId !== undefined && existing[ATTR_USER_ID] === undefined) {
    span.setAttribute(ATTR_USER_ID, tc.userId);
  }
  if (tc.tags && tc.tags.length > 0 && existing[ATTR_TAG_TAGS] === undefined) {
    span.setAttribute(ATTR_TAG_TAGS, tc.tags.slice());
  }
}
