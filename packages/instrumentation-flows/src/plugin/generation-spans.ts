import type { HookReturn } from '@mellea/core-hooks';
import { context, SpanKind, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { agentScopeOf, noteAgentProvider } from '../context/agent-scope';
import { TRACE_CONTEXT_KEY, type TraceContext } from '../context/trace-context';
import { resolveTraceContext } from '../context/trace-context-baggage';
import { diagLogger } from '../diag/diag-logger';
import { errorType } from '../error-type';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ERROR_TYPE_VALUE_CANCELLED,
  GEN_AI_FINISH_REASON_VALUE_ERROR,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../semconv';
import { abandonGeneration } from './abandon-generation';
import { setErrorAttributes } from './attributes/error-attributes';
import {
  batchResponseModel,
  batchUsage,
  type LooseUsage,
  readUsage,
  responseModelOf,
  seconds,
} from './attributes/payload-readers';
import { batchEventAttributes, requestAttributes } from './attributes/request-attributes';
import {
  setBatchResponseAttributes,
  setResponseAttributes,
  setUsageAttributes,
} from './attributes/response-attributes';
import type { ContentRecorder } from './content/content-recorder';
import { GenerationEntry } from './generation-entry';
import type { GenerationMetrics } from './generation-metrics';
import { InFlightSpans } from './in-flight-spans';
import type { ResolvedPluginOptions } from './plugin-options';
import type { ProviderCache } from './provider-cache';
import type { Redactor } from './redact/default-redactor';
import { SpanNameCache } from './span-name-cache';

type Loose = Record<string, unknown>;

/** What {@link GenerationSpans} works with. */
export interface GenerationSpansSettings {
  options: ResolvedPluginOptions;
  tracers: ProviderCache<TracerProvider, Tracer>;
  /** `undefined` with `metrics: false`. */
  metrics: GenerationMetrics | undefined;
  content: ContentRecorder;
  /** Whether content is recorded now (asked at each recording span's start). */
  contentOn: () => boolean;
  /** Whether session, user and tags are taken from incoming baggage (asked at each span's start). */
  trustBaggage: () => boolean;
  /** `gen_ai.usage.cache_creation.input_tokens`, or `cache_write` under the latest semconv. */
  cacheWriteAttribute: string;
}

/**
 * The span side of the plugin: one span per generation from pre_call to its terminal event,
 * the open ones kept in a bounded {@link InFlightSpans}. Every method takes a payload as it came
 * from the bus (possibly malformed), never throws, and ignores an unknown `generationId`.
 */
export class GenerationSpans {
  private readonly inFlight: InFlightSpans<GenerationEntry>;
  private readonly names = new SpanNameCache();
  private readonly redact: Redactor | undefined;

  constructor(private readonly s: GenerationSpansSettings) {
    this.redact = s.options.redact;
    this.inFlight = new InFlightSpans<GenerationEntry>({
      timeoutMs: s.options.spanTimeoutMs,
      maxEntries: s.options.maxInFlight,
      onAbandon: abandonGeneration,
    });
  }

  /** How many spans are open. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Ends every open span as abandoned. */
  abandonAll(): void {
    this.inFlight.abandonAll();
  }

  /** pre_call / batch_pre_call: starts the span; its `around` runs the call in the span's context. */
  start(payload: Loose, batch: boolean): HookReturn | undefined {
    try {
      if (payload === null || typeof payload !== 'object') return undefined;
      const id = payload.generationId;
      if (typeof id !== 'string' || id === '') return undefined;
      const entry = new GenerationEntry(batch);
      const parent = context.active();
      const attributes = requestAttributes(
        payload,
        batch ? GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION : GEN_AI_OPERATION_NAME_VALUE_CHAT,
        batch,
        this.s.options.recordGenerationId,
        resolveTraceContext(
          parent,
          parent.getValue(TRACE_CONTEXT_KEY) as TraceContext | undefined,
          this.s.trustBaggage(),
        ),
        entry,
      );
      // Inside traceAgent: an agent that does not know its provider yet takes this generation's.
      const agent = agentScopeOf(parent);
      if (agent !== undefined && agent.provider === undefined && entry.provider !== undefined)
        noteAgentProvider(agent, entry.provider);
      const kind = payload.inProcess === true ? SpanKind.INTERNAL : SpanKind.CLIENT;
      const span = this.s.tracers
        .get()
        .startSpan(this.names.nameOf(entry.operation, entry.model), { kind, attributes }, parent);
      entry.span = span;
      const recording = span.isRecording();
      if (recording && this.s.contentOn()) {
        entry.content = true;
        // The span is started: content that cannot be read must not keep it out of the map.
        try {
          this.s.content.recordInput(span, payload);
          if (batch) {
            entry.prompts = payload.prompts;
            entry.eventAttributes = batchEventAttributes(attributes);
          }
        } catch (error) {
          diagLogger.debug('generation pre_call: could not record the input content', error);
        }
      }
      // A span that records nothing, with no metrics to record either: its end has nothing to do.
      if (recording || this.s.metrics?.active === true) this.inFlight.add(id, entry);
      entry.context = trace.setSpan(parent, span);
      return entry;
    } catch (error) {
      diagLogger.debug('generation pre_call: could not start the span', error);
      return undefined;
    }
  }

  /** post_call: response, usage, time to first chunk, output content; status left unset. */
  succeed(payload: Loose): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      let response: Loose | undefined;
      let usage: LooseUsage | undefined;
      let ttfc: number | undefined;
      // The entry has left the map: whatever the payload does, its span ends here.
      try {
        response = payload.response as Loose | undefined;
        usage = response !== null && typeof response === 'object' ? readUsage(response.usage) : undefined;
        ttfc = seconds(payload.timeToFirstChunkMs);
        if (span.isRecording()) {
          setResponseAttributes(span, response);
          if (usage !== undefined) setUsageAttributes(span, usage, this.s.cacheWriteAttribute);
          if (ttfc !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
          if (entry.content) this.s.content.recordOutput(span, response, undefined);
        }
      } finally {
        span.end();
      }
      this.s.metrics?.record(
        entry,
        payload.latencyMs,
        responseModelOf(response),
        undefined,
        usage,
        ttfc,
        payload.chunkCount,
      );
    } catch (error) {
      diagLogger.debug('generation post_call: could not record the span', error);
    }
  }

  /** batch_post_call: every response's finish reasons, the batch usage, per-item content events. */
  succeedBatch(payload: Loose): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      let responses: readonly unknown[] = [];
      let usage: LooseUsage | undefined;
      try {
        if (Array.isArray(payload.responses)) responses = payload.responses;
        usage = batchUsage(payload.usage, responses);
        if (span.isRecording()) {
          setBatchResponseAttributes(span, responses);
          if (usage !== undefined) setUsageAttributes(span, usage, this.s.cacheWriteAttribute);
          if (entry.content)
            this.s.content.recordBatchItems(span, entry.prompts, responses, entry.eventAttributes);
        }
      } finally {
        span.end();
      }
      this.s.metrics?.record(entry, payload.latencyMs, batchResponseModel(responses), undefined, usage);
    } catch (error) {
      diagLogger.debug('generation batch_post_call: could not record the span', error);
    }
  }

  /** error / batch_error: a failure or a cancellation, with whatever partial response is known. */
  fail(payload: Loose, batch: boolean): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      let cancelled = false;
      let error: unknown;
      let response: Loose | undefined;
      let usage: LooseUsage | undefined;
      let type: string | undefined;
      try {
        cancelled = payload.cancelled === true;
        error = payload.error;
        type = cancelled ? ERROR_TYPE_VALUE_CANCELLED : errorType(error);
        const withException = payload.source === 'call';
        try {
          if (!batch) response = payload.response as Loose | undefined;
          if (response !== null && typeof response === 'object') usage = readUsage(response.usage);
          if (span.isRecording()) {
            setResponseAttributes(span, response);
            if (usage !== undefined) setUsageAttributes(span, usage, this.s.cacheWriteAttribute);
            // A stream that failed or was stopped after its first chunk still says when it began.
            const ttfc = seconds(payload.timeToFirstChunkMs);
            if (ttfc !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
            if (entry.content) {
              if (batch)
                this.s.content.recordBatchItems(span, entry.prompts, undefined, {
                  ...entry.eventAttributes,
                  [ATTR_ERROR_TYPE]: type,
                });
              else this.s.content.recordOutput(span, response, GEN_AI_FINISH_REASON_VALUE_ERROR);
            }
          }
        } finally {
          // Last (a cancellation's finish reasons win), and even when the response could not be read.
          if (span.isRecording()) setErrorAttributes(span, error, cancelled, withException, this.redact);
        }
      } finally {
        span.end();
      }
      this.s.metrics?.record(entry, payload.latencyMs, responseModelOf(response), type, usage);
    } catch (err) {
      diagLogger.debug('generation error: could not record the span', err);
    }
  }

  private take(payload: Loose): GenerationEntry | undefined {
    if (payload === null || typeof payload !== 'object') return undefined;
    let id: unknown;
    try {
      id = payload.generationId;
    } catch {
      return undefined; // a throwing getter: no id we can match
    }
    return typeof id === 'string' ? this.inFlight.take(id) : undefined;
  }
}
