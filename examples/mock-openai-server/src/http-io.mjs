// @ts-check
// Small node:http helpers: read a JSON body, send JSON, send OpenAI-shaped errors, write SSE.

/** Largest request body accepted (bytes); a mock has no reason to take more. */
const MAX_BODY = 1024 * 1024;

/**
 * Reads and parses the request body as JSON.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<any>} the parsed body; rejects with an `HttpError` (400/413) on bad input
 */
export async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large', 'invalid_request_error');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'request body is not valid JSON', 'invalid_request_error');
  }
}

/** An error that maps onto an OpenAI-shaped JSON error response. */
export class HttpError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} message `error.message`
   * @param {string} type `error.type`, e.g. `invalid_request_error`, `rate_limit_error`, `server_error`
   * @param {string | null} [code] `error.code`
   */
  constructor(status, message, type, code = null) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.type = type;
    this.code = code;
  }
}

/**
 * A request field that must be a string or a non-empty array of strings, as an array; a 400
 * `invalid_request_error` otherwise.
 * @param {unknown} value the field's value
 * @param {string} field its name, for the error message
 * @returns {string[]}
 */
export function stringList(value, field) {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string')) {
    throw new HttpError(
      400,
      `'${field}' must be a string or a non-empty array of strings`,
      'invalid_request_error',
    );
  }
  return list;
}

/**
 * Sends `body` as JSON.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/**
 * Sends an error in OpenAI's shape: `{ error: { message, type, param, code } }`.
 * @param {import('node:http').ServerResponse} res
 * @param {HttpError} err
 */
export function sendError(res, err) {
  /** @type {Record<string, string>} */
  const headers = err.status === 429 ? { 'retry-after': '1' } : {};
  sendJson(
    res,
    err.status,
    { error: { message: err.message, type: err.type, param: null, code: err.code } },
    headers,
  );
}

/**
 * Starts a server-sent-events response and returns a writer for `data:` lines.
 * @param {import('node:http').ServerResponse} res
 */
export function startSse(res) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  return {
    /** @param {unknown} data an object sent as JSON, or the literal string `[DONE]` */
    send(data) {
      res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
    end() {
      res.end();
    },
  };
}
