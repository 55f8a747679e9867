// @ts-check
// POST /v1/embeddings: one deterministic unit vector per input string.
import { countTokens, embeddingFor } from './canned.mjs';
import { delayFor } from './forced-errors.mjs';
import { sendJson, stringList } from './http-io.mjs';

const DEFAULT_DIMENSIONS = 8;

/**
 * Handles one embeddings request.
 * @param {any} body the parsed request body
 * @param {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse }} io
 */
export async function handleEmbeddings(body, { req, res }) {
  const inputs = stringList(body.input, 'input');
  const dims =
    Number.isInteger(body.dimensions) && body.dimensions > 0
      ? Math.min(body.dimensions, 3072)
      : DEFAULT_DIMENSIONS;
  const promptTokens = inputs.reduce((n, s) => n + countTokens(s), 0);
  await delayFor(body.model, req);
  sendJson(res, 200, {
    object: 'list',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embeddingFor(text, dims) })),
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
