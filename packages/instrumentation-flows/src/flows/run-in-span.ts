import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { isBaggageTrusted, isBaggageTrustedByEnv } from '../config/baggage-trust';
import { isLatestGenAiSemconv } from '../config/env-flags';
import { getTraceContext } from '../context/trace-context';
import { addTraceContextAttributes } from '../context/trace-context-attributes';
import { resolveTraceContext } from '../context/trace-context-baggage';
import { diagLogger } from '../diag/diag-logger';
import { SEMCONV_SCHEMA_URL } from '../semconv';
import { setUpTracerProvider } from '../setup/active-setup';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { endFlowSpan } from './end-flow-span';
import { isAsyncIterable, TracedAsyncIterable } from './traced-async-iterable';

/** What flow spans take from the environment, read once: at the first flow span. */
interface FlowEnv {
  /** `OTEL_SEMCONV_STABILITY_OPT_IN` opts into the latest-experimental GenAI conventions. */
  latestSemconv: boolean;
  /** `MELLEA_TRACES_TRUST_BAGGAGE`. */
  trustBaggage: boolean;
  tracerOptions: { schemaUrl: string } | undefined;
}

let flowEnv: FlowEnv | undefined;

function readFlowEnv(): FlowEnv {
  if (flowEnv === undefined) {
    const latestSemconv = isLatestGenAiSemconv();
    flowEnv = {
      latestSemconv,
      trustBaggage: isBaggageTrustedByEnv(),
      tracerOptions: latestSemconv ? undefined : { schemaUrl: SEMCONV_SCHEMA_URL },
    };
  }
  return flowEnv;
}

/**
 * Whether flow spans follow the latest-experimental GenAI conventions
 * (`OTEL_SEMCONV_STABILITY_OPT_IN` containing `gen_ai_latest_experimental`), read once.
 */
export function flowsUseLatestSemconv(): boolean {
  return readFlowEnv().latestSemconv;
}

/** @internal Forgets the environment read for flow spans: the next one reads it again (tests that change it). */
export function resetFlowEnv(): void {
  flowEnv = undefined;
}

/**
 * The tracer for flow spans, asked for at each span so that a provider registered after this
 * package was loaded is used: while a set-up made by this package is active, the provider its
 * generation spans go to (so a workflow wrapping the very first generation is recorded, in the
 * same trace); else the global one. Same scope as the plugin's tracer: this package's name and
 * version, and the v1.41 schema URL unless the latest-experimental GenAI conventions are opted into.
 */
function flowTracer(env: FlowEnv): Tracer {
  const provider = setUpTracerProvider() ?? trace.getTracerProvider();
  return provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION, env.tracerOptions);
}

/** The name of the flow a step belongs to, on the OTel context (a versioned `Symbol.for` key). */
const WORKFLOW_NAME_KEY = createContextKey('mellea.flow.workflow-name.v1');

/** The workflow name in force on `ctx`: set by the nearest `traceWorkflow`, else the outermost agent or step. */
export function workflowNameOf(ctx: Context): string | undefined {
  const name = ctx.getValue(WORKFLOW_NAME_KEY);
  return typeof name === 'string' ? name : undefined;
}

/** `ctx` with `name` as its workflow name; when `wins` is false, only if none is set yet. */
function withWorkflowName(ctx: Context, name: string, wins: boolean): Context {
  return wins || workflowNameOf(ctx) === undefined ? ctx.setValue(WORKFLOW_NAME_KEY, name) : ctx;
}

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
    const env = readFlowEnv();
    const parent = context.active();
    const attributes = addTraceContextAttributes(
      resolveTraceContext(parent, getTraceContext(), isBaggageTrusted(undefined, env.trustBaggage)),
      spec.contextAttributes,
    );
    if (spec.userAttributes) Object.assign(attributes, spec.userAttributes);
    Object.assign(attributes, spec.attributes);
    const span = flowTracer(env).startSpan(spec.name, { kind: SpanKind.INTERNAL, attributes }, parent);
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
