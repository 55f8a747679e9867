// Our side of the end-to-end comparison: the example framework (examples/tiny-llm-framework,
// which only emits @mellea/core-hooks events) uninstrumented, with BackendTracingPlugin on its
// DEFAULT options, and the floor: the uninstrumented framework with a hand-written span (the same
// attributes, from what the framework already parsed) around the same call.
import * as core from '@mellea/core-hooks';
import type * as Flows from '@mellea/instrumentation-flows';
import {
  type Attributes,
  context,
  type MeterProvider,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { iterate } from '../support/streams';
import { MESSAGES, MODEL } from './transport';

// On first use only, so a process measuring the uninstrumented framework (the memory suite) does not load it.
const flows = (): typeof Flows => require('@mellea/instrumentation-flows');

type Backend = {
  chat(messages: typeof MESSAGES, opts: object): Promise<ChatReply>;
  chatStream(messages: typeof MESSAGES, opts: object): AsyncGenerator<string>;
};
type ChatReply = {
  text: string;
  id?: string;
  model?: string;
  finishReason?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
};
// The framework is an ES module; the bench's harness is CommonJS (loaded once, in setup).
let OpenAICompatibleBackend: new (o: object) => Backend;
export async function loadFramework(): Promise<void> {
  OpenAICompatibleBackend = (await import('tiny-llm-framework')).OpenAICompatibleBackend as new (
    o: object,
  ) => Backend;
}

const CALL = { temperature: 0.2, maxTokens: 256 };

/** What every stack does: one chat call, one 21-chunk stream read to its end. */
export interface Stack {
  chat(): Promise<unknown>;
  stream(): Promise<unknown>;
}

function backendOn(baseURL: string, bus: core.HookBus): Backend {
  return new OpenAICompatibleBackend({ baseURL, apiKey: 'sk-bench', model: MODEL, bus });
}

function stackOf(backend: Backend): Stack {
  return {
    chat: () => backend.chat(MESSAGES, CALL),
    stream: () => iterate(backend.chatStream(MESSAGES, CALL)),
  };
}

/** The framework with no plugin on its bus (no subscriber: the helpers call the provider directly). */
export function uninstrumented(baseURL: string): Stack {
  return stackOf(backendOn(baseURL, new core.HookBus()));
}

/** The framework with `new BackendTracingPlugin({ tracerProvider, meterProvider? })` on its bus. */
export function withPlugin(
  baseURL: string,
  tracerProvider: TracerProvider,
  meterProvider?: MeterProvider,
): Stack {
  const bus = new core.HookBus();
  new (flows().BackendTracingPlugin)(
    meterProvider ? { tracerProvider, meterProvider } : { tracerProvider },
  ).register(bus);
  return stackOf(backendOn(baseURL, bus));
}

/** What a stream's chunks say about the reply (id, model, finish reason, usage). */
export type StreamedReply = Omit<ChatReply, 'text'>;

/**
 * The hand-written floor, optionally with the same histogram records by hand. For streams, the
 * response attributes are `streamed`: the framework's text pieces do not carry them, and the
 * framework parsed them from its chunks anyway.
 */
export function floor(
  baseURL: string,
  streamed: StreamedReply,
  tracerProvider: TracerProvider,
  meterProvider?: MeterProvider,
): Stack {
  const backend = backendOn(baseURL, new core.HookBus());
  const tracer = tracerProvider.getTracer('floor');
  const url = new URL(baseURL);
  const server = { address: url.hostname, port: Number(url.port) || 443 };
  const meter = meterProvider?.getMeter('floor');
  const histograms = meter && {
    duration: meter.createHistogram('floor.duration', { unit: 's' }),
    tokens: meter.createHistogram('floor.tokens', { unit: '{token}' }),
  };
  const start = (stream: boolean) =>
    startSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.temperature': CALL.temperature,
      'gen_ai.request.max_tokens': CALL.maxTokens,
      ...(stream ? { 'gen_ai.request.stream': true } : {}),
      'server.address': server.address,
      'server.port': server.port,
    });
  const end = (span: ReturnType<typeof startSpan>, r: Omit<ChatReply, 'text'>, t0: number, ttfc?: number) => {
    span.span.setAttribute('gen_ai.response.id', r.id ?? '');
    span.span.setAttribute('gen_ai.response.model', r.model ?? '');
    span.span.setAttribute('gen_ai.response.finish_reasons', [r.finishReason ?? '']);
    span.span.setAttribute('gen_ai.usage.input_tokens', r.usage?.inputTokens ?? 0);
    span.span.setAttribute('gen_ai.usage.output_tokens', r.usage?.outputTokens ?? 0);
    if (ttfc !== undefined) span.span.setAttribute('gen_ai.response.time_to_first_chunk', ttfc);
    span.span.end();
    if (histograms) {
      const attrs: Attributes = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': MODEL,
        'gen_ai.response.model': r.model,
        'server.address': server.address,
        'server.port': server.port,
      };
      histograms.duration.record((performance.now() - t0) / 1000, attrs);
      histograms.tokens.record(r.usage?.inputTokens ?? 0, { ...attrs, 'gen_ai.token.type': 'input' });
      histograms.tokens.record(r.usage?.outputTokens ?? 0, { ...attrs, 'gen_ai.token.type': 'output' });
    }
  };
  return {
    chat: () => {
      const t0 = performance.now();
      const s = start(false);
      return context
        .with(s.ctx, () => backend.chat(MESSAGES, CALL))
        .then(
          (r) => {
            end(s, r, t0);
            return r;
          },
          (e) => fail(s.span, e),
        );
    },
    stream: async () => {
      const t0 = performance.now();
      const s = start(true);
      // The provider request starts at the first next(): that one runs in the span's context.
      const it = backend.chatStream(MESSAGES, CALL);
      try {
        let r = await context.with(s.ctx, () => it.next());
        const ttfc = (performance.now() - t0) / 1000;
        while (!r.done) r = await it.next();
        end(s, streamed, t0, ttfc);
      } catch (e) {
        fail(s.span, e);
      }
    },
  };
}

function startSpan(tracer: Tracer, attributes: Attributes) {
  const parent = context.active();
  const span = tracer.startSpan(`chat ${MODEL}`, { kind: SpanKind.CLIENT, attributes }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

function fail(span: ReturnType<Tracer['startSpan']>, e: unknown): never {
  span.recordException(e as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(e) });
  span.end();
  throw e;
}
