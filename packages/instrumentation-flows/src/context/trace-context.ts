import { context, createContextKey } from '@opentelemetry/api';
import { diagLogger } from '../diag/diag-logger';

/** Session, user and trace-level labels that apply to every span started in their scope. */
export interface TraceContext {
  sessionId?: string;
  userId?: string;
  /** The GenAI conversation id; `gen_ai.conversation.id` falls back to `sessionId` without it. */
  conversationId?: string;
  tags?: string[];
  traceName?: string;
  metadata?: Record<string, string>;
}

/**
 * The OTel context key holding the active {@link TraceContext}. `createContextKey` is
 * `Symbol.for`, so any package (e.g. `@mellea/exporter-langfuse`) reads the same value.
 */
export const TRACE_CONTEXT_KEY: symbol = createContextKey('mellea.trace-context.v1');

const MAX_VALUE_LENGTH = 200;
const METADATA_KEY = /^[A-Za-z0-9_.-]+$/;
const warned = new Set<string>();

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  diagLogger.warn(message);
}

function cut(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= MAX_VALUE_LENGTH) return text;
  warnOnce(
    `long:${field}`,
    `trace context ${field} is longer than ${MAX_VALUE_LENGTH} characters; it was cut`,
  );
  return text.slice(0, MAX_VALUE_LENGTH);
}

function normalize(ctx: TraceContext): TraceContext {
  const out: TraceContext = {};
  const sessionId = cut('sessionId', ctx.sessionId);
  if (sessionId !== undefined) out.sessionId = sessionId;
  const userId = cut('userId', ctx.userId);
  if (userId !== undefined) out.userId = userId;
  const conversationId = cut('conversationId', ctx.conversationId);
  if (conversationId !== undefined) out.conversationId = conversationId;
  const traceName = cut('traceName', ctx.traceName);
  if (traceName !== undefined) out.traceName = traceName;
  if (Array.isArray(ctx.tags)) {
    out.tags = ctx.tags.map((t) => cut('tags', t)).filter((t): t is string => t !== undefined);
  }
  if (ctx.metadata && typeof ctx.metadata === 'object') {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.metadata)) {
      if (!METADATA_KEY.test(k)) {
        warnOnce(`key:${k}`, `trace context metadata key "${k}" skipped: keys may use only [A-Za-z0-9_.-]`);
        continue;
      }
      const value = cut(`metadata.${k}`, v);
      if (value !== undefined) metadata[k] = value;
    }
    out.metadata = metadata;
  }
  return out;
}

function merge(outer: TraceContext | undefined, inner: TraceContext): TraceContext {
  if (!outer) return inner;
  const merged: TraceContext = { ...outer, ...inner };
  if (outer.tags || inner.tags) merged.tags = [...new Set([...(outer.tags ?? []), ...(inner.tags ?? [])])];
  if (outer.metadata || inner.metadata) merged.metadata = { ...outer.metadata, ...inner.metadata };
  return merged;
}

/** The trace context active in the current OTel context, if any. */
export function getTraceContext(): TraceContext | undefined {
  return context.active().getValue(TRACE_CONTEXT_KEY) as TraceContext | undefined;
}

/**
 * Runs `fn` with `ctx` merged into the active trace context (inner keys win, tags union,
 * metadata merged). Every span started in its scope carries `session.id`, `user.id`,
 * `tag.tags`, `mellea.trace.name` and `mellea.trace.metadata.<k>`. Values are strings of at most
 * 200 characters (longer ones are cut, with one warning); metadata keys use `[A-Za-z0-9_.-]`.
 */
export function withTraceContext<T>(ctx: TraceContext, fn: () => T): T {
  const merged = merge(getTraceContext(), normalize(ctx ?? {}));
  return context.with(context.active().setValue(TRACE_CONTEXT_KEY, Object.freeze(merged)), fn);
}
