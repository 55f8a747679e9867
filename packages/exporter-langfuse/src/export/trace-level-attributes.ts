import type { TraceContextValue } from '../context/read-trace-context';
import {
  ATTR_LANGFUSE_ENVIRONMENT,
  ATTR_LANGFUSE_RELEASE,
  ATTR_LANGFUSE_SESSION_ID,
  ATTR_LANGFUSE_TRACE_METADATA_PREFIX,
  ATTR_LANGFUSE_TRACE_NAME,
  ATTR_LANGFUSE_TRACE_TAGS,
  ATTR_LANGFUSE_USER_ID,
  ATTR_MELLEA_TRACE_METADATA_PREFIX,
  ATTR_MELLEA_TRACE_NAME,
  ATTR_SESSION_ID,
  ATTR_TAG_TAGS,
  ATTR_USER_ID,
} from '../semconv';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return typeof value === 'string' && value !== '' ? [value] : undefined;
  const out = value.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

/** What the trace-level attributes are computed from. */
export interface TraceLevelSources {
  /** The span's attributes (the neutral keys stamped at start, `mellea.trace.*` of flow spans). */
  attributes: Readonly<Record<string, unknown>>;
  /** The trace context that was active when the span started, if any. */
  traceContext?: TraceContextValue;
  environment?: string;
  release?: string;
}

/**
 * The trace-level Langfuse attributes every exported span carries (Langfuse v4 reads them per
 * span): `langfuse.session.id` (the span's `session.id`, else the context's `sessionId`, else its
 * `conversationId`), `langfuse.user.id`, `langfuse.trace.tags`, `langfuse.trace.name`,
 * `langfuse.trace.metadata.<k>`, `langfuse.environment`, `langfuse.release`. A value the span
 * itself carries wins over the captured context.
 */
export function traceLevelAttributes(sources: TraceLevelSources): Record<string, string | string[]> {
  const { attributes: attrs, traceContext: tc } = sources;
  const out: Record<string, string | string[]> = {};
  const sessionId = str(attrs[ATTR_SESSION_ID]) ?? tc?.sessionId ?? tc?.conversationId;
  if (sessionId !== undefined) out[ATTR_LANGFUSE_SESSION_ID] = sessionId;
  const userId = str(attrs[ATTR_USER_ID]) ?? tc?.userId;
  if (userId !== undefined) out[ATTR_LANGFUSE_USER_ID] = userId;
  const tags = strings(attrs[ATTR_TAG_TAGS]) ?? tc?.tags;
  if (tags !== undefined && tags.length > 0) out[ATTR_LANGFUSE_TRACE_TAGS] = tags.slice();
  const traceName = str(attrs[ATTR_MELLEA_TRACE_NAME]) ?? tc?.traceName;
  if (traceName !== undefined) out[ATTR_LANGFUSE_TRACE_NAME] = traceName;
  if (tc?.metadata) {
    for (const [k, v] of Object.entries(tc.metadata)) out[ATTR_LANGFUSE_TRACE_METADATA_PREFIX + k] = v;
  }
  for (const key of Object.keys(attrs)) {
    if (!key.startsWith(ATTR_MELLEA_TRACE_METADATA_PREFIX)) continue;
    const value = str(attrs[key]);
    const name = key.slice(ATTR_MELLEA_TRACE_METADATA_PREFIX.length);
    if (value !== undefined && name !== '') out[ATTR_LANGFUSE_TRACE_METADATA_PREFIX + name] = value;
  }
  if (sources.environment !== undefined) out[ATTR_LANGFUSE_ENVIRONMENT] = sources.environment;
  if (sources.release !== undefined) out[ATTR_LANGFUSE_RELEASE] = sources.release;
  return out;
}
