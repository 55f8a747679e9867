import { type Attributes, type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { isBaggageTrusted } from '../config/baggage-trust';
import { getTraceContext } from '../context/trace-context';
import { addTraceContextAttributes } from '../context/trace-context-attributes';
import { resolveTraceContext } from '../context/trace-context-baggage';
import { diagLogger } from '../diag/diag-logger';
import { endFlowSpan } from './end-flow-span';
import { getFlowTracer } from './flow-tracer';
import { isAsyncIterable, TracedAsyncIterable } from './traced-async-iterable';
import { withWorkflowName } from './workflow-name-context';

/** What one flow span is made of. */
export interface FlowSpanSpec {
  name: string;
  /** Which trace-context attributes the span carries (`genai` adds `gen_ai.conversation.id`). */
  contextAttributes: 'flow' | 'genai';
  /** The span's own attributes; they win over the caller's. */
  attributes: Attributes;
  /** The caller's extra attributes. */
  userAttributes?: Attributes;
  /** Called once the span started (e.g. to record content only on recording spans). */
  onStart?(span: Span): void;
  /** Adds to the context `fn` runs in (the span is already set in `ctx`). */
  withContext?(span: Span, ctx: Context): Context;
  /** Called with a sync or awaited value before the span ends (not for async iterables). */
  onResult?(span: Span, value: unknown): void;
  /**
   * The workflow name this span gives the steps inside it (`gen_ai.workflow.name`); it replaces
   * an outer one only when `workflowNameWins`.
   */
  workflowName?: string;
  workflowNameWins?: boolean;
}

let warnedStart = false;

function start(spec: FlowSpanSpec): { span: Span; ctx: Context } | undefined {
  try {
    const parent = context.active();
    const attributes = addTraceContextAttributes(
      resolveTraceContext(parent, getTraceContext(), isBaggageTrusted()),
      spec.contextAttributes,
    );
    if (spec.userAttributes) Object.assign(attributes, spec.userAttributes);
    Object.assign(attributes, spec.attributes);
    const span = getFlowTracer().startSpan(spec.name, { kind: SpanKind.INTERNAL, attributes }, parent);
    try {
      spec.onStart?.(span);
    } catch {
      // recording content is best effort; the span goes on
    }
    let ctx = trace.setSpan(parent, span);
    if (spec.workflowName !== undefined) {
      ctx = withWorkflowName(ctx, spec.workflowName, spec.workflowNameWins === true);
    }
    return { span, ctx: spec.withContext ? spec.withContext(span, ctx) : ctx };
  } catch (error) {
    if (!warnedStart) {
      warnedStart = true;
      diagLogger.warn(`could not start flow span "${spec.name}"; running it untraced`, error);
    }
    return undefined;
  }
}

function finish(spec: FlowSpanSpec, span: Span, value: unknown): void {
  try {
    spec.onResult?.(span, value);
  } catch {
    // recording a result is best effort
  }
  endFlowSpan(span, false);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs `fn` inside a new INTERNAL span from the flow tracer and returns what `fn` returns. The span
 * ends when `fn` returns, when its promise settles, or — for an async iterable — when the
 * iteration ends, breaks, throws or is abandoned (the iterable is then returned wrapped). A
 * failure marks the span (exception event, ERROR status, `error.type`) and the same error object
 * propagates. Tracing problems never change `fn`'s outcome.
 */
export function runInSpan<T>(spec: FlowSpanSpec, fn: () => T): T {
  const started = start(spec);
  if (started === undefined) return fn();
  const { span, ctx } = started;
  let result: T;
  try {
    result = context.with(ctx, fn);
  } catch (error) {
    endFlowSpan(span, true, error);
    throw error;
  }
  if (isThenable(result)) {
    try {
      return result.then(
        (value) => {
          finish(spec, span, value);
          return value;
        },
        (error: unknown) => {
          endFlowSpan(span, true, error);
          throw error;
        },
      ) as T;
    } catch {
      endFlowSpan(span, false);
      return result;
    }
  }
  if (isAsyncIterable(result)) return new TracedAsyncIterable(result, span, ctx) as T;
  finish(spec, span, result);
  return result;
}
