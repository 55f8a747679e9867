import { type Context, createContextKey } from '@opentelemetry/api';
import { TRACE_CONTEXT_KEY_NAME } from '../semconv';

/**
 * The trace context `@mellea/instrumentation-flows`' `withTraceContext` stores on the OTel
 * context. Read here by key, without depending on that package.
 */
export interface TraceContextValue {
  sessionId?: string;
  userId?: string;
  conversationId?: string;
  tags?: string[];
  traceName?: string;
  metadata?: Record<string, string>;
}

/** `Symbol.for('mellea.trace-context.v1')`: `createContextKey` is `Symbol.for`. */
export const TRACE_CONTEXT_KEY: symbol = createContextKey(TRACE_CONTEXT_KEY_NAME);

const STRING_FIELDS = ['sessionId', 'userId', 'conversationId', 'traceName'] as const;

/** One checked copy per frozen stored value: the same value is active for many spans. */
const checked = new WeakMap<object, TraceContextValue>();

/**
 * The trace context stored on `ctx`, checked field by field (it may come from another copy or
 * version of the writing package): strings only, tags as a string array, metadata as string values.
 * `undefined` when there is none or `ctx` is not a usable context.
 */
export function readTraceContext(ctx: Context | undefined): TraceContextValue | undefined {
  let raw: unknown;
  try {
    raw = ctx?.getValue(TRACE_CONTEXT_KEY);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const cached = checked.get(raw);
  if (cached !== undefined) return cached;
  const value = check(raw as Record<string, unknown>);
  if (Object.isFrozen(raw)) checked.set(raw, value);
  return value;
}

function check(source: Record<string, unknown>): TraceContextValue {
  const out: TraceContextValue = {};
  for (const field of STRING_FIELDS) {
    const value = source[field];
    if (typeof value === 'string') out[field] = value;
  }
  if (Array.isArray(source.tags)) {
    const tags = source.tags.filter((t): t is string => typeof t === 'string');
    if (tags.length > 0) out.tags = tags;
  }
  if (source.metadata !== null && typeof source.metadata === 'object') {
    const metadata: Record<string, string> = {};
    let any = false;
    for (const [k, v] of Object.entries(source.metadata as Record<string, unknown>)) {
      if (typeof v === 'string') {
        metadata[k] = v;
        any = true;
      }
    }
    if (any) out.metadata = metadata;
  }
  return Object.freeze(out);
}
