// @ts-check
// The HTTP side: POST JSON to an OpenAI-compatible API, and read its server-sent events.
import { APIError } from './errors.mjs';

/**
 * POSTs `body` and returns the fetch response, throwing `APIError` for a non-2xx status.
 * @param {string} url
 * @param {unknown} body
 * @param {{ apiKey?: string, signal?: AbortSignal }} opts
 * @returns {Promise<Response>}
 */
export async function post(url, body, { apiKey, signal }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) {
    const reply = await res.json().catch(() => undefined);
    throw new APIError(res.status, reply?.error);
  }
  return res;
}

/**
 * Parses an SSE body into its JSON `data:` payloads, ending at `data: [DONE]`. Stopping the
 * iteration early cancels the body, which closes the connection.
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<any>}
 */
export async function* readServerSentEvents(body) {
  let buffer = '';
  const decoder = new TextDecoder();
  // A web ReadableStream is async iterable in Node (the global typings do not say so).
  const chunks = /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (body));
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        yield JSON.parse(data);
      }
      end = buffer.indexOf('\n\n');
    }
  }
}
