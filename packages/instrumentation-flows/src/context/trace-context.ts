import { type Context, context, createContextKey } from '@opentelemetry/api';
import { warnOnce } from '../diag/warn-once';
import { setUpTracerProvider } from '../setup/active-setup';
import { withBaggageTraceContext } from './trace-context-baggage';

/** Session, user and trace-level labels that apply to every span started in their scope. */
export interface TraceContext {
  /** `session.id`: the session (a chat, a conversation thread) the work belongs to. */
  sessionId?: string;
  /** `user.id`: the end user the work is done for. */
  userId?: string;
  /** The GenAI conversation id; `gen_ai.conversation.id` falls back to `sessionId` without it. */
  conversationId?: string;
  /** `tag.tags`: labels for filtering; nested contexts add theirs (union). */
  tags?: string[];
  /** `mellea.trace.name`: a name for the whole trace (Langfuse shows it as the trace name). */
  traceName?: string;
  /** `mellea.trace.metadata.<key>`: string values; keys may use only `[A-Za-z0-9_.-]`. */
  metadata?: Record<string, string>;
}

/**
 * The OTel context key holding the active {@link TraceContext}. `createContextKey` is
 * `Symbol.for`, so any package (e.g. `@mellea/exporter-langfuse`) reads the same value.
 */
export const TRACE_CONTEXT_KEY: symbol = createContextKey('mellea.trace-context.v1');

/** Whether the active `withTraceContext` scope propagates (set by `propagate`, inherited by inner scopes). */
const PROPAGATE_KEY: symbol = createContextKey('mellea.trace-context.propagate.v1');

const MAX_VALUE_LENGTH = 200;
const METADATA_KEY = /^[A-Za-z0-9_.-]+$/;
function cut(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= MAX_VALUE_LENGTH) return text;
  warnOnce(
    'trace-context.long',
    `trace context ${field} is longer than ${MAX_VALUE_LENGTH} characters; it was cut (further over-long values are cut without a warning)`,
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
    const tags = ctx.tags.map((t) => cut('tag', t)).filter((t): t is string => t !== undefined);
    out.tags = [...new Set(tags)];
  }
  if (ctx.metadata && typeof ctx.metadata === 'object') {
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.metadata)) {
      if (!METADATA_KEY.test(k)) {
        warnOnce(
          'trace-context.key',
          `trace context metadata key "${k.slice(0, MAX_VALUE_LENGTH)}" skipped: keys may use only [A-Za-z0-9_.-]`,
        );
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

/** The trace context active in the current OTel context (frozen), if any. */
export function getTraceContext(): TraceContext | undefined {
  return context.active().getValue(TRACE_CONTEXT_KEY) as TraceContext | undefined;
}

/**
 * Runs `fn` (sync or async) with `ctx` merged into the active trace context: inner keys win,
 * tags are the union, metadata is merged key by key. Every span this package starts in its scope
 * — across `await`, `Promise.all` branches and timers — carries `session.id`, `user.id`,
 * `tag.tags`, `mellea.trace.name` and `mellea.trace.metadata.<k>`; generation and `invoke_agent`
 * spans also `gen_ai.conversation.id` (the `conversationId`, else the `sessionId`). Spans of other
 * instrumentations get `session.id`, `user.id` and `tag.tags` through
 * {@link TraceContextSpanProcessor}.
 *
 * Values are strings of at most 200 characters (longer ones are cut, with one warning per
 * process); metadata keys use only `[A-Za-z0-9_.-]` (others are skipped, with one warning).
 *
 * `propagate: true` also writes the session, user and tags of the merged context into the OTel
 * baggage of the context `fn` runs in, as the entries `session.id`, `user.id` and `tag.tags` (a
 * JSON array), so the W3C baggage propagator sends them to the services `fn` calls (a service
 * with `trustBaggage` on puts them on its spans). Never the name, metadata or conversation id.
 * Off by default: baggage goes in a header on every outgoing request, to any host, so propagate
 * only values you are fine sending there. Inner scopes inherit it and update the entries;
 * `propagate: false` in an inner scope removes them.
 *
 * @example
 * ```ts
 * app.post('/chat', (req, res) =>
 *   withTraceContext({ sessionId: req.body.sessionId, userId: req.user.id, tags: ['web'] }, async () => {
 *     res.json(await traceAgent('support', () => answer(req.body.message)));
 *   }),
 * );
 * ```
 */
export function withTraceContext<T>(ctx: TraceContext & { propagate?: boolean }, fn: () => T): T {
  let active: Context;
  try {
    // Entered before any span: make a pending set-up register its context manager now, or the
    // context would be dropped by the no-op manager.
    setUpTracerProvider();
    const outer = context.active();
    const merged = freeze(merge(getTraceContext(), normalize(ctx ?? {})));
    active = outer.setValue(TRACE_CONTEXT_KEY, merged);
    const asked = ctx?.propagate;
    const inherited = outer.getValue(PROPAGATE_KEY) === true;
    if (typeof asked === 'boolean') active = active.setValue(PROPAGATE_KEY, asked);
    const propagate = typeof asked === 'boolean' ? asked : inherited;
    if (propagate || inherited) active = withBaggageTraceContext(active, merged, propagate);
  } catch (error) {
    warnOnce(
      'trace-context.apply',
      'a trace context could not be applied; running without it (further failures are not reported)',
      error,
    );
    return fn();
  }
  return context.with(active, fn);
}

function freeze(ctx: TraceContext): TraceContext {
  if (ctx.tags) Object.freeze(ctx.tags);
  if (ctx.metadata) Object.freeze(ctx.metadata);
  return Object.freeze(ctx);
}
