// @ts-check
// The demo app as an HTTP service traced by your own NodeSDK (see otel-sdk.mjs, loaded first with
// `node --import`). POST /tickets handles the demo ticket; SIGTERM closes the server and shuts the
// SDK down, which flushes the spans. Prints `listening <url>` once it accepts requests.
import http from 'node:http';
import { sdk } from './otel-sdk.mjs';
import { TICKET } from './src/support-data.mjs';
import { createBackend, handleTicket } from './src/support-ticket.mjs';

const say = (/** @type {string} */ line) => console.log(`  app │ ${line}`);
const llm = createBackend(process.env.OPENAI_BASE_URL ?? 'http://127.0.0.1:8787/v1');

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/tickets') {
    res.writeHead(404).end();
    return;
  }
  /** @type {string[]} */
  const lines = [];
  handleTicket(llm, TICKET, (line) => {
    lines.push(line);
    say(line);
  }).then(
    () =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ticket: TICKET.id, lines })),
    (err) => res.writeHead(500).end(String(err)),
  );
});
server.listen(0, '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`listening http://127.0.0.1:${port}`);
});

process.once('SIGTERM', () => {
  server.close();
  sdk.shutdown().then(
    () => say('server stopped, spans flushed'),
    (err) => say(`server stopped; flushing the spans failed: ${err.message}`),
  );
});
