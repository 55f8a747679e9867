import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookBus, runGeneration } from '@mellea/core-hooks';
import { SpanKind } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BackendTracingPlugin,
  TraceContextSpanProcessor,
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '../../src';
import { setupTracingTestEnv, type TracingTestEnv } from '../support/tracing-test-env';

// undici reports through diagnostics_channel, so the instrumentation sees jest's global fetch.
const undici = new UndiciInstrumentation();
const disableInstrumentations = registerInstrumentations({ instrumentations: [undici] });

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"chatcmpl-42","model":"gpt-4o-mini-2024-07-18"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});
afterAll(async () => {
  disableInstrumentations();
  server.close();
  await once(server, 'close');
});

let env: TracingTestEnv;
let bus: HookBus;
let unregister: () => void;
beforeEach(() => {
  env = setupTracingTestEnv({ spanProcessors: [new TraceContextSpanProcessor()] });
  undici.setTracerProvider(env.provider);
  bus = new HookBus();
  unregister = new BackendTracingPlugin({ metrics: false }).register(bus);
});
afterEach(async () => {
  unregister();
  await env.close();
});

async function handleRequest(): Promise<string> {
  return withTraceContext(
    {
      sessionId: 'sess-7',
      userId: 'user-7',
      tags: ['web'],
      traceName: 'support',
      metadata: { region: 'eu' },
    },
    () =>
      traceWorkflow('support', () =>
        withTraceContext({ tags: ['vip'], metadata: { plan: 'pro' } }, () =>
          traceAgent('helper', async () => {
            const body = await runGeneration(
              {
                operation: 'chat',
                provider: 'openai',
                model: 'gpt-4o-mini',
                server: { address: '127.0.0.1' },
              },
              async () =>
                (await fetch(url, { method: 'POST', body: '{}' })).json() as Promise<{ id: string }>,
              (r) => ({ id: r.id }),
              { bus },
            );
            await traceTool('lookup', async () => 'found');
            return traceStep('format', () => body.id);
          }),
        ),
      ),
  );
}

const neutral = { 'session.id': 'sess-7', 'user.id': 'user-7' };
const traceLevel = { 'mellea.trace.name': 'support', 'mellea.trace.metadata.region': 'eu' };

it('puts session, user, tags, trace name and metadata on flow and generation spans, and the neutral keys on an undici HTTP span', async () => {
  expect(await handleRequest()).toBe('chatcmpl-42');

  const names = env.spans().map((s) => s.name);
  expect(names).toHaveLength(6);
  const http = env.spans().find((s) => s.kind === SpanKind.CLIENT && s.name.startsWith('POST'));
  expect(http).toBeDefined();
  const generation = env.span('chat gpt-4o-mini');
  expect(http!.parentSpanContext?.spanId).toBe(generation.spanContext().spanId);

  // every span in scope carries the neutral keys
  for (const span of env.spans()) expect(span.attributes).toMatchObject(neutral);

  // flow and generation spans: the whole trace context (inner scope: tags union, metadata merged)
  const inner = {
    ...neutral,
    ...traceLevel,
    'tag.tags': ['web', 'vip'],
    'mellea.trace.metadata.plan': 'pro',
  };
  for (const name of ['invoke_agent helper', 'chat gpt-4o-mini', 'execute_tool lookup', 'format']) {
    expect(env.span(name).attributes).toMatchObject(inner);
  }
  expect(env.span('invoke_workflow support').attributes).toMatchObject({
    ...neutral,
    ...traceLevel,
    'tag.tags': ['web'],
  });

  // gen_ai.conversation.id (the session here) on GenAI spans only
  expect(generation.attributes['gen_ai.conversation.id']).toBe('sess-7');
  expect(env.span('invoke_agent helper').attributes['gen_ai.conversation.id']).toBe('sess-7');
  for (const name of ['invoke_workflow support', 'execute_tool lookup', 'format']) {
    expect(env.span(name).attributes['gen_ai.conversation.id']).toBeUndefined();
  }

  // the HTTP span: neutral keys only, nothing gen_ai.* or mellea.*
  expect(http!.attributes['tag.tags']).toEqual(['web', 'vip']);
  expect(keysOf(http!).filter((k) => k.startsWith('gen_ai.') || k.startsWith('mellea.'))).toEqual([]);
});

function keysOf(span: ReadableSpan): string[] {
  return Object.keys(span.attributes);
}
