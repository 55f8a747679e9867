// @ts-check
// POST /v1/completions: legacy text completions; `prompt` may be an array (one choice per prompt).
import { answerFor, countTokens } from './canned.mjs';
import { delayFor } from './forced-errors.mjs';
import { sendJson, stringList } from './http-io.mjs';

/**
 * Handles one (possibly batched) completion request.
 * @param {any} body the parsed request body
 * @param {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, nextId: (prefix: string) => string }} io
 */
export async function handleCompletions(body, { req, res, nextId }) {
  const prompts = stringList(body.prompt, 'prompt');
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 256;
  let promptTokens = 0;
  let completionTokens = 0;
  const choices = prompts.map((prompt, index) => {
    const full = answerFor(prompt);
    const cut = countTokens(full) > maxTokens;
    const text = cut ? full.slice(0, Math.max(1, maxTokens * 4)) : full;
    promptTokens += countTokens(prompt);
    completionTokens += countTokens(text);
    return { index, text, logprobs: null, finish_reason: cut ? 'length' : 'stop' };
  });
  await delayFor(body.model, req);
  sendJson(res, 200, {
    id: nextId('cmpl'),
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}
