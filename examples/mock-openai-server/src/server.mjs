// @ts-check
// The HTTP server: routing, request log, forced errors, OpenAI-shaped error replies.
import { createServer } from 'node:http';
import { handleChat } from './chat.mjs';
import { handleCompletions } from './completions.mjs';
import { handleEmbeddings } from './embeddings.mjs';
import { forcedError } from './forced-errors.mjs';
import { HttpError, readJson, sendError, sendJson } from './http-io.mjs';

/**
 * @typedef {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   nextId: (prefix: string) => string, chunkGapMs?: number }} RouteIo
 * @type {Record<string, (body: any, io: RouteIo) => Promise<void> | void>}
 */
const ROUTES = {
  '/v1/chat/completions': handleChat,
  '/v1/completions': handleCompletions,
  '/v1/embeddings': handleEmbeddings,
};

const MODELS = ['gpt-4o-mini', 'o4-mini', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small'];

/**
 * @typedef {object} MockOpenAIServer
 * @property {string} url the origin, e.g. `http://127.0.0.1:54321`
 * @property {string} baseURL the OpenAI base URL, `${url}/v1`
 * @property {string} host always `127.0.0.1` unless asked otherwise
 * @property {number} port the bound port
 * @property {{ method: string, path: string, body: any }[]} requests every request received, in order
 * @property {() => Promise<void>} close stops the server and drops open connections
 */

/**
 * Starts the mock OpenAI-compatible server.
 * @param {{ host?: string, port?: number, chunkGapMs?: number }} [options] `port` 0 (default) picks a
 *   free one; `chunkGapMs` (default 5) is the pause between streamed chunks (0: none, for benchmarks)
 * @returns {Promise<MockOpenAIServer>}
 */
export async function startMockOpenAIServer({ host = '127.0.0.1', port = 0, chunkGapMs } = {}) {
  /** @type {MockOpenAIServer['requests']} */
  const requests = [];
  let counter = 0;
  const nextId = (/** @type {string} */ prefix) => `${prefix}-mock${String(++counter).padStart(4, '0')}`;

  const server = createServer((req, res) => {
    handle(req, res, { requests, nextId, chunkGapMs }).catch((err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(
        res,
        err instanceof HttpError ? err : new HttpError(500, String(err?.message ?? err), 'server_error'),
      );
    });
  });
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    })
  );
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    host,
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ requests: MockOpenAIServer['requests'], nextId: (prefix: string) => string, chunkGapMs?: number }} state
 * @returns {Promise<void>}
 */
async function handle(req, res, { requests, nextId, chunkGapMs }) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/v1/models') {
    const data = MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' }));
    sendJson(res, 200, { object: 'list', data });
    return;
  }
  const route = ROUTES[path];
  if (!route)
    throw new HttpError(404, `Unknown route: ${req.method} ${path}`, 'invalid_request_error', 'not_found');
  if (req.method !== 'POST') throw new HttpError(405, `Use POST for ${path}`, 'invalid_request_error');
  const body = await readJson(req);
  requests.push({ method: req.method, path, body });
  const forced = forcedError(body.model);
  if (forced) throw forced;
  await route(body, { req, res, nextId, chunkGapMs });
}
