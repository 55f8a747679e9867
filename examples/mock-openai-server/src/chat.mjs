// @ts-check
// POST /v1/chat/completions: a JSON reply, or SSE chunks ending with `data: [DONE]`.
import { answerFor, chatUsage, contentText, countTokens } from './canned.mjs';
import { delayFor, FAILING_MODELS } from './forced-errors.mjs';
import { HttpError, sendJson, startSse } from './http-io.mjs';

/**
 * Handles one chat completion request.
 * @param {any} body the parsed request body
 * @param {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, nextId: (prefix: string) => string, chunkGapMs?: number }} io
 */
export async function handleChat(body, { req, res, nextId, chunkGapMs = CHUNK_GAP_MS }) {
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new HttpError(400, "'messages' must be a non-empty array", 'invalid_request_error');
  }
  const model = body.model;
  const lastUser = [...body.messages].reverse().find((/** @type {any} */ m) => m?.role === 'user');
  const answer = answerFor(contentText(lastUser?.content));
  const promptTokens = body.messages.reduce(
    (/** @type {number} */ n, /** @type {any} */ m) => n + 4 + countTokens(contentText(m?.content)),
    3,
  );
  const { text, finishReason } = truncate(answer, body.max_completion_tokens ?? body.max_tokens);
  const usage = chatUsage(model, promptTokens, countTokens(text));
  const id = nextId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);

  await delayFor(model, req);
  if (body.stream)
    return streamChat(res, { id, created, model, text, finishReason, usage, body, chunkGapMs });

  sendJson(res, 200, {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: 'fp_mock',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  });
}

/**
 * Cuts the answer to about `maxTokens` tokens; `finish_reason` is then `length`.
 * @param {string} answer
 * @param {unknown} maxTokens
 */
function truncate(answer, maxTokens) {
  if (typeof maxTokens !== 'number' || countTokens(answer) <= maxTokens) {
    return { text: answer, finishReason: 'stop' };
  }
  return { text: answer.slice(0, Math.max(1, maxTokens * 4)), finishReason: 'length' };
}

/**
 * Words with their following space, so the chunks join back into the exact text.
 * @param {string} text
 */
function splitWords(text) {
  return text.match(/\S+\s*/g) ?? [text];
}

/** A short pause between chunks, so a stream looks like one (time to first chunk < latency). */
const CHUNK_GAP_MS = 5;
const pause = (/** @type {number} */ ms) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * @param {import('node:http').ServerResponse} res
 * @param {{ id: string, created: number, model: string, text: string, finishReason: string,
 *   usage: unknown, body: any, chunkGapMs: number }} reply
 */
async function streamChat(res, { id, created, model, text, finishReason, usage, body, chunkGapMs }) {
  const sse = startSse(res);
  /**
   * @param {object} delta
   * @param {string | null} [finish]
   */
  const chunk = (delta, finish = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_mock',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  sse.send(chunk({ role: 'assistant', content: '' }));
  const words = splitWords(text);
  for (const [i, word] of words.entries()) {
    await pause(chunkGapMs);
    // The client went away (aborted or stopped reading): stop writing.
    if (res.destroyed) return;
    if (model === FAILING_MODELS.FAIL_STREAM && i === 2) {
      // Drop the connection mid-stream: the client sees a network error while reading.
      res.destroy();
      return;
    }
    sse.send(chunk({ content: word }));
  }
  sse.send(chunk({}, finishReason));
  // As OpenAI does: usage only when asked for, in one last chunk with no choices.
  if (body.stream_options?.include_usage) {
    sse.send({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_mock',
      choices: [],
      usage,
    });
  }
  sse.send('[DONE]');
  sse.end();
}
