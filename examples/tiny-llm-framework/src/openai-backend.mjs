// @ts-check
// An OpenAI-compatible backend. Each provider call goes through a core-hooks lifecycle helper, so
// a tracing plugin (if one is registered) sees it; this file never imports OpenTelemetry.
import {
  hooks,
  normalizeUsage,
  runGeneration,
  runGenerationBatch,
  runGenerationStream,
} from '@mellea/core-hooks';
import { toInputMessages, toOutputMessage } from './messages.mjs';
import { post, readServerSentEvents } from './openai-http.mjs';

/**
 * @typedef {import('./messages.mjs').ChatMessage} ChatMessage
 * @typedef {import('@mellea/core-hooks').GenerationRequest} GenerationRequest
 * @typedef {import('@mellea/core-hooks').GenerationResponse} GenerationResponse
 * @typedef {import('@mellea/core-hooks').HookBus} HookBus
 * @typedef {{ model?: string, temperature?: number, maxTokens?: number, topP?: number, seed?: number,
 *   stop?: string[], signal?: AbortSignal }} CallOptions
 * @typedef {{ text: string, id?: string, model?: string, finishReason?: string,
 *   usage?: import('@mellea/core-hooks').Usage }} ChatReply
 */

/** A chat / completions / embeddings client for any OpenAI-compatible HTTP API. */
export class OpenAICompatibleBackend {
  /**
   * @param {{ baseURL: string, apiKey?: string, model: string, completionModel?: string,
   *   embeddingModel?: string, provider?: string, bus?: HookBus }} options `provider` is the
   *   `gen_ai.provider.name` value (default `openai`); `bus` defaults to the process-wide one.
   */
  constructor({ baseURL, apiKey, model, completionModel, embeddingModel, provider = 'openai', bus = hooks }) {
    this.baseURL = baseURL.replace(/\/+$/, '');
    this.apiKey = apiKey;
    this.model = model;
    this.completionModel = completionModel ?? model;
    this.embeddingModel = embeddingModel ?? model;
    this.provider = provider;
    this.bus = bus;
    const url = new URL(this.baseURL);
    this.server = { address: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  }

  /**
   * One chat completion.
   * @param {ChatMessage[]} messages
   * @param {CallOptions} [opts]
   * @returns {Promise<ChatReply>}
   */
  async chat(messages, opts = {}) {
    const body = { ...this.#chatBody(messages, opts), stream: false };
    const json = await runGeneration(
      this.#request('chat', body.model, opts, { messages }),
      (signal) =>
        post(`${this.baseURL}/chat/completions`, body, { apiKey: this.apiKey, signal }).then((r) => r.json()),
      (reply) => this.#chatResponse(reply),
      { bus: this.bus, signal: opts.signal },
    );
    const choice = json.choices[0];
    const usage = json.usage ? normalizeUsage(json.usage) : undefined;
    return {
      text: choice.message.content,
      id: json.id,
      model: json.model,
      finishReason: choice.finish_reason,
      usage,
    };
  }

  /**
   * A streamed chat completion: yields the text as it arrives. Stopping early (`break`) or
   * aborting `opts.signal` closes the connection and ends the generation as cancelled.
   * @param {ChatMessage[]} messages
   * @param {CallOptions} [opts]
   * @returns {AsyncGenerator<string>}
   */
  async *chatStream(messages, opts = {}) {
    const body = { ...this.#chatBody(messages, opts), stream: true, stream_options: { include_usage: true } };
    // The text is gathered only for a plugin that records content (asked once, at the start).
    const state = new StreamState(this.bus.wantsContent());
    const chunks = await runGenerationStream(
      this.#request('chat', body.model, opts, { messages, stream: true }),
      async () => {
        const res = await post(`${this.baseURL}/chat/completions`, body, {
          apiKey: this.apiKey,
          signal: opts.signal,
        });
        return readServerSentEvents(/** @type {ReadableStream<Uint8Array>} */ (res.body));
      },
      { onChunk: (chunk) => state.add(chunk), response: () => state.response() },
      { bus: this.bus, signal: opts.signal },
    );
    for await (const chunk of chunks) {
      const piece = chunk.choices?.[0]?.delta?.content;
      if (piece) yield piece;
    }
  }

  /**
   * Several prompts in one `/completions` request; one text per prompt, in order.
   * @param {string[]} prompts
   * @param {CallOptions} [opts]
   * @returns {Promise<string[]>}
   */
  async completeBatch(prompts, opts = {}) {
    const model = opts.model ?? this.completionModel;
    const body = { model, prompt: prompts, ...this.#wireParams(opts) };
    const request = {
      ...this.#request('text_completion', model, opts, {}),
      size: prompts.length,
      ...(this.bus.wantsContent()
        ? { prompts: () => prompts.map((p) => toInputMessages([{ role: 'user', content: p }])) }
        : {}),
    };
    const json = await runGenerationBatch(
      request,
      () =>
        post(`${this.baseURL}/completions`, body, { apiKey: this.apiKey, signal: opts.signal }).then((r) =>
          r.json(),
        ),
      (reply) => ({
        responses: byIndex(reply.choices).map((c) => ({
          id: reply.id,
          model: reply.model,
          finishReasons: [c.finish_reason],
          ...(this.bus.wantsContent()
            ? { outputMessages: () => [toOutputMessage(c.text, c.finish_reason)] }
            : {}),
        })),
        usage: reply.usage ? normalizeUsage(reply.usage) : undefined,
      }),
      { bus: this.bus, signal: opts.signal },
    );
    return byIndex(json.choices).map((c) => c.text);
  }

  /**
   * One embedding vector per input.
   * @param {string[]} inputs
   * @param {{ model?: string, dimensions?: number, signal?: AbortSignal }} [opts]
   * @returns {Promise<number[][]>}
   */
  async embed(inputs, opts = {}) {
    const model = opts.model ?? this.embeddingModel;
    const body = { model, input: inputs, ...(opts.dimensions ? { dimensions: opts.dimensions } : {}) };
    const request = this.#request('embeddings', model, {}, {});
    // The framework's own attributes ride along on the span as they are.
    if (opts.dimensions) request.attributes = { 'gen_ai.embeddings.dimension.count': opts.dimensions };
    const json = await runGeneration(
      request,
      (signal) =>
        post(`${this.baseURL}/embeddings`, body, { apiKey: this.apiKey, signal }).then((r) => r.json()),
      (reply) => ({ model: reply.model, usage: reply.usage ? normalizeUsage(reply.usage) : undefined }),
      { bus: this.bus, signal: opts.signal },
    );
    return byIndex(json.data).map((d) => d.embedding);
  }

  /**
   * The hook request for one call. Message content is handed over as a thunk, and only when a
   * plugin records content: no copy is made otherwise.
   * @param {GenerationRequest['operation']} operation
   * @param {string} model
   * @param {CallOptions} opts
   * @param {{ messages?: ChatMessage[], stream?: boolean }} extra
   * @returns {GenerationRequest}
   */
  #request(operation, model, opts, { messages, stream }) {
    const params = definedOnly({
      temperature: opts.temperature,
      maxTokens: opts.maxTokens,
      topP: opts.topP,
      seed: opts.seed,
      stopSequences: opts.stop,
    });
    return {
      operation,
      provider: this.provider,
      model,
      ...(Object.keys(params).length ? { params } : {}),
      server: this.server,
      ...(stream ? { stream: true } : {}),
      ...(messages && this.bus.wantsContent() ? { messages: () => toInputMessages(messages) } : {}),
    };
  }

  /** @param {ChatMessage[]} messages @param {CallOptions} opts */
  #chatBody(messages, opts) {
    return { model: opts.model ?? this.model, messages, ...this.#wireParams(opts) };
  }

  /** @param {CallOptions} opts */
  #wireParams(opts) {
    return definedOnly({
      temperature: opts.temperature,
      max_tokens: opts.maxTokens,
      top_p: opts.topP,
      seed: opts.seed,
      stop: opts.stop,
    });
  }

  /** @param {any} reply @returns {GenerationResponse} */
  #chatResponse(reply) {
    const choices = byIndex(reply.choices);
    return {
      id: reply.id,
      model: reply.model,
      finishReasons: choices.map((c) => c.finish_reason),
      usage: reply.usage ? normalizeUsage(reply.usage) : undefined,
      ...(this.bus.wantsContent()
        ? { outputMessages: () => choices.map((c) => toOutputMessage(c.message.content, c.finish_reason)) }
        : {}),
    };
  }
}

/** Collects what a streamed reply says about itself: id, model, finish reason, usage, and the text when asked. */
class StreamState {
  text = '';
  /** @type {string | undefined} */ id;
  /** @type {string | undefined} */ model;
  /** @type {string | undefined} */ finishReason;
  /** @type {any} */ usage;

  /** @param {boolean} withText gather the text (only a plugin that records content reads it) */
  constructor(withText) {
    this.withText = withText;
  }

  /** @param {any} chunk one parsed SSE chunk */
  add(chunk) {
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (this.withText && choice?.delta?.content) this.text += choice.delta.content;
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
  }

  /** @returns {GenerationResponse} */
  response() {
    return {
      id: this.id,
      model: this.model,
      finishReasons: this.finishReason ? [this.finishReason] : undefined,
      usage: this.usage ? normalizeUsage(this.usage) : undefined,
      // No finish reason yet: the stream ended early (stopped, dropped or failed).
      ...(this.withText
        ? { outputMessages: [toOutputMessage(this.text, this.finishReason ?? 'error')] }
        : {}),
    };
  }
}

/**
 * Provider list items (`choices`, `data`) in `index` order.
 * @param {any[]} items
 * @returns {any[]}
 */
function byIndex(items) {
  return [...items].sort((a, b) => a.index - b.index);
}

/** @template {Record<string, unknown>} T @param {T} obj @returns {Partial<T>} */
function definedOnly(obj) {
  return /** @type {Partial<T>} */ (
    Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined))
  );
}
