import type { InputMessage, MessagePart, OutputMessage } from './messages';

/** The GenAI operation of one provider call (`gen_ai.operation.name`). */
export type Operation = 'chat' | 'text_completion' | 'generate_content' | 'embeddings';

/** An OpenTelemetry-compatible attribute value (no dependency on `@opentelemetry/api`). */
export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];

/**
 * A content field: the value itself, or a function returning it. A function is called only by a
 * plugin that records content, so a framework can skip building prompts nobody reads.
 */
export type Content<T> = T | (() => T);

/** Request parameters, camelCase (`gen_ai.request.*`). */
export interface GenerationParams {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  choiceCount?: number;
}

/** What a framework knows about one provider call before making it. */
export interface GenerationRequest {
  operation: Operation;
  /** `gen_ai.provider.name` value: `'openai'`, `'anthropic'`, `'ollama'`, `'ibm.watsonx.ai'`, ... */
  provider?: string;
  model?: string;
  params?: GenerationParams;
  stream?: boolean;
  outputType?: 'text' | 'json' | 'image' | 'speech';
  server?: { address: string; port?: number };
  /** The model runs in this process: span kind INTERNAL instead of CLIENT. */
  inProcess?: boolean;
  /** Chat history, semconv `gen_ai.input.messages` schema. */
  messages?: Content<InputMessage[]>;
  systemInstructions?: Content<MessagePart[]>;
  toolDefinitions?: Content<unknown[]>;
  /** The framework's own attributes, e.g. `'mellea.component.type'`. */
  attributes?: Record<string, AttributeValue>;
}

/** Token usage of one call, normalized (see `normalizeUsage`). `inputTokens` includes cached tokens. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

/** What the provider answered. */
export interface GenerationResponse {
  /** The provider's response id (not the `generationId`). */
  id?: string;
  model?: string;
  finishReasons?: string[];
  usage?: Usage;
  outputMessages?: Content<OutputMessage[]>;
}

/**
 * Payload of `generation_pre_call`. The lifecycle helpers build it from the request's declared
 * `GenerationRequest` fields (a declared field the request lacks is present as `undefined`; fields
 * the type does not declare are not carried: put framework data in `attributes`).
 */
export interface GenerationPreCallPayload extends GenerationRequest {
  generationId: string;
}

/** Payload of `generation_post_call`. */
export interface GenerationPostCallPayload {
  generationId: string;
  response: GenerationResponse;
  /** Wall time of the call on a monotonic clock, in milliseconds. */
  latencyMs: number;
  /** Streams: time from the call's start to the first chunk. */
  timeToFirstChunkMs?: number;
  /** Streams: how many chunks arrived. */
  chunkCount?: number;
}

/** Payload of `generation_error`. */
export interface GenerationErrorPayload {
  generationId: string;
  /** The very error object the caller receives. */
  error: unknown;
  /** Aborted by an `AbortSignal` or an `AbortError`, or a stream the consumer stopped or dropped. */
  cancelled: boolean;
  /** `'consumer'`: the consumer stopped or dropped a stream (the helper made the error). */
  source: 'call' | 'consumer';
  latencyMs: number;
  /** Streams: time from the call's start to the first chunk, when one arrived. */
  timeToFirstChunkMs?: number;
  /** Streams: how many chunks arrived before the end. */
  chunkCount?: number;
  /** What was known of the response when it failed (streams: what was collected so far). */
  response?: Partial<GenerationResponse>;
}

/** What a framework knows about one request that carries several prompts (`runGenerationBatch`). */
export interface GenerationBatchRequest extends GenerationRequest {
  /** How many prompts the request carries. */
  size: number;
  /** Per item, for content capture. */
  prompts?: Content<InputMessage[][]>;
}

/** Payload of `generation_batch_pre_call`. */
export interface GenerationBatchPreCallPayload extends GenerationBatchRequest {
  generationId: string;
}

/** Payload of `generation_batch_post_call`. */
export interface GenerationBatchPostCallPayload {
  generationId: string;
  responses: GenerationResponse[];
  /** Usage of the whole request. */
  usage?: Usage;
  latencyMs: number;
}

/** Payload of `generation_batch_error`. */
export interface GenerationBatchErrorPayload {
  generationId: string;
  error: unknown;
  cancelled: boolean;
  latencyMs: number;
}
