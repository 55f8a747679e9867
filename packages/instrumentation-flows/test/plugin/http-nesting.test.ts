import { once } from 'node:events';
import * as nodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import { runGeneration, runGenerationStream } from '@mellea/core-hooks';
import { SpanKind } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { CHAT_REQUEST } from '../support/generations';
import { type Harness, setupHarness } from '../support/otel-harness';

const http = new HttpInstrumentation();
const undici = new UndiciInstrumentation();
const disableInstrumentations = registerInstrumentations({ instrumentations: [http, undici] });
// Jest loads core modules through its own sandboxed `module`, which the instrumentation's
// require hook never sees; apply the instrumentation's own patch to the real `http` module
// (undici needs nothing: it reports through diagnostics_channel).
const httpDefinition = http.getModuleDefinitions().find((d) => d.name === 'http');
const realHttp: typeof nodeHttp = require('node:http');
httpDefinition?.patch?.(realHttp);

describe('BackendTracingPlugin with real HTTP clients', () => {
  let h: Harness;
  let server: nodeHttp.Server;
  let url: string;

  beforeAll(async () => {
    server = nodeHttp.createServer((_req, res) => {
      if (_req.url?.endsWith('/stream')) {
        res.setHeader('content-type', 'text/event-stream');
        res.write('data: one\n\n');
        setTimeout(() => res.end('data: two\n\n'), 5);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"chatcmpl-1","model":"gpt-4o-mini"}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  });
  afterAll(async () => {
    httpDefinition?.unpatch?.(realHttp);
    disableInstrumentations();
    server.close();
    await once(server, 'close');
  });

  beforeEach(() => {
    h = setupHarness();
    http.setTracerProvider(h.provider);
    undici.setTracerProvider(h.provider);
  });
  afterEach(() => h.teardown());

  const clientSpans = () => h.spans().filter((s) => s.kind === SpanKind.CLIENT && !s.name.startsWith('chat'));

  it('parents the fetch (undici) client span to the generation span', async () => {
    const body = await runGeneration(
      CHAT_REQUEST,
      async () => (await fetch(url, { method: 'POST', body: '{}' })).json() as Promise<{ id: string }>,
      (r) => ({ id: r.id }),
      { bus: h.bus },
    );
    expect(body.id).toBe('chatcmpl-1');
    const generation = h.span('chat gpt-4o-mini');
    const [request] = clientSpans();
    expect(request).toBeDefined();
    expect(request.attributes['http.request.method']).toBe('POST');
    expect(request.parentSpanContext?.spanId).toBe(generation.spanContext().spanId);
    expect(generation.attributes['gen_ai.response.id']).toBe('chatcmpl-1');
  });

  it('parents the node:http client span to the generation span', async () => {
    await runGeneration(
      CHAT_REQUEST,
      () =>
        new Promise<string>((resolve, reject) => {
          const req = realHttp.request(url, { method: 'POST' }, (res) => {
            let data = '';
            res.on('data', (c) => {
              data += c;
            });
            res.on('end', () => resolve(data));
          });
          req.on('error', reject);
          req.end('{}');
        }),
      () => ({}),
      { bus: h.bus },
    );
    const generation = h.span('chat gpt-4o-mini');
    const requests = clientSpans();
    expect(requests).toHaveLength(1);
    expect(requests[0].parentSpanContext?.spanId).toBe(generation.spanContext().spanId);
  });

  it('parents the fetch of a stream that starts its request lazily, at the first next(), to the generation span', async () => {
    // As an async generator does: nothing runs until the consumer pulls the first chunk.
    async function* lazily() {
      const res = await fetch(`${url}/stream`, { method: 'POST', body: '{}' });
      const decoder = new TextDecoder();
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) yield decoder.decode(bytes);
    }
    const stream = await runGenerationStream(
      { ...CHAT_REQUEST, stream: true },
      lazily,
      { onChunk() {}, response: () => ({}) },
      { bus: h.bus },
    );
    let text = '';
    for await (const chunk of stream) text += chunk;
    expect(text).toContain('data: two');
    const generation = h.span('chat gpt-4o-mini');
    const requests = clientSpans();
    expect(requests).toHaveLength(1);
    expect(requests[0].parentSpanContext?.spanId).toBe(generation.spanContext().spanId);
    expect(generation.attributes['gen_ai.request.stream']).toBe(true);
  });
});
