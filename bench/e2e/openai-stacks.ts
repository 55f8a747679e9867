// The peers' side of the end-to-end comparison: the `openai` SDK, uninstrumented, with
// `@opentelemetry/instrumentation-openai` (OTel contrib) and with `@traceloop/instrumentation-openai`
// (OpenLLMetry; content capture on, its default). Both patch the one loaded `openai` module, so
// each is applied only around its own batches (`enter`/`exit`): the other batches run unpatched.
// Load `openai` before calling `peers` (the instrumentations are enabled, but only patch what is
// required after them; the bench patches by hand).
import { createRequire } from 'node:module';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { iterate } from '../support/streams';
import type { Stack } from './framework-stacks';
import { MESSAGES, MODEL } from './transport';

type OpenAIModule = typeof import('openai');

/** A peer instrumentation, applied to the `openai` module only between `enter()` and `exit()`. */
export interface Peer {
  enter(): void;
  exit(): void;
}

interface PatchingInstrumentation {
  getModuleDefinitions(): {
    patch?: (exports: unknown, version?: string) => unknown;
    unpatch?: (exports: unknown, version?: string) => unknown;
  }[];
  setTracerProvider(tp: TracerProvider): void;
  setMeterProvider(mp: MeterProvider): void;
}

/** The version of the loaded `openai` package, passed to patch and unpatch as a module loader would. */
function openaiVersion(): string {
  return createRequire(require.resolve('openai'))('./package.json').version;
}

function peer(instrumentation: PatchingInstrumentation, openai: OpenAIModule): Peer {
  const [definition] = instrumentation.getModuleDefinitions();
  const version = openaiVersion();
  return {
    enter: () => definition.patch?.(openai, version),
    exit: () => definition.unpatch?.(openai, version),
  };
}

/** Which peer instrumentation. */
export type PeerKind = 'contrib' | 'traceloop';

// Loaded on first use only, so a process measuring one peer (the memory suite) loads only that one.
function instrumentation(kind: PeerKind, tracerProvider: TracerProvider): PatchingInstrumentation {
  const { OpenAIInstrumentation } =
    kind === 'contrib'
      ? (require('@opentelemetry/instrumentation-openai') as typeof import('@opentelemetry/instrumentation-openai'))
      : (require('@traceloop/instrumentation-openai') as typeof import('@traceloop/instrumentation-openai'));
  const i = new OpenAIInstrumentation() as unknown as PatchingInstrumentation;
  i.setTracerProvider(tracerProvider);
  return i;
}

/** One peer on its default options, given the tracer provider. */
export function peerOf(kind: PeerKind, openai: OpenAIModule, tracerProvider: TracerProvider): Peer {
  return peer(instrumentation(kind, tracerProvider), openai);
}

/** The two peers, given the providers; the MeterProvider is switched by `contribMeterProvider`. */
export function peers(openai: OpenAIModule, tracerProvider: TracerProvider) {
  const contrib = instrumentation('contrib', tracerProvider);
  const traceloop = instrumentation('traceloop', tracerProvider);
  return {
    contrib: peer(contrib, openai),
    traceloop: peer(traceloop, openai),
    /** Points contrib's metrics at `mp` (traceloop's instrumentation records none). */
    contribMeterProvider: (mp: MeterProvider) => contrib.setMeterProvider(mp),
  };
}

/** The `openai` SDK client over `fetchImpl`. */
export function openaiStack(openai: OpenAIModule, baseURL: string, fetchImpl: typeof fetch): Stack {
  const client = new openai.OpenAI({ baseURL, apiKey: 'sk-bench', fetch: fetchImpl, maxRetries: 0 });
  return {
    chat: () =>
      client.chat.completions.create({ model: MODEL, messages: MESSAGES, temperature: 0.2, max_tokens: 256 }),
    stream: async () => {
      const stream = await client.chat.completions.create({
        model: MODEL,
        messages: MESSAGES,
        temperature: 0.2,
        max_tokens: 256,
        stream: true,
        stream_options: { include_usage: true },
      });
      await iterate(stream);
    },
  };
}
