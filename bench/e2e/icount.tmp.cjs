'use strict';
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if ((from && typeof from === 'object') || typeof from === 'function') {
    for (const key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, {
          get: () => from[key],
          enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable,
        });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (
  (target = mod != null ? __create(__getProtoOf(mod)) : {}),
  __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule
      ? __defProp(target, 'default', { value: mod, enumerable: true })
      : target,
    mod,
  )
);

// bench/e2e/framework-stacks.ts
var import_node_path2 = __toESM(require('node:path'));
var import_api = require('@opentelemetry/api');

// bench/e2e/transport.ts
var import_node_child_process = require('node:child_process');
var import_node_path = __toESM(require('node:path'));
var MESSAGES = [
  { role: 'system', content: 'You are a support agent.' },
  { role: 'user', content: 'I was charged twice for order #1042, please refund one.' },
];
var MODEL = 'gpt-4o-mini';
var CHUNKS = 21;
var MOCK_CLI = import_node_path.default.join(
  __dirname,
  '..',
  '..',
  'examples',
  'mock-openai-server',
  'src',
  'cli.mjs',
);
async function startMockServer() {
  const child = (0, import_node_child_process.spawn)(
    process.execPath,
    [MOCK_CLI, '--port', '0', '--chunk-gap-ms', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const baseURL = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /OPENAI_BASE_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited (${code}) before listening`)));
  });
  return { baseURL, close: () => child.kill() };
}
async function cannedReplies(baseURL) {
  const post = (stream) =>
    fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        messages: MESSAGES,
        temperature: 0.2,
        max_tokens: 256,
        ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      }),
    }).then((r) => r.text());
  const [chat, sse] = await Promise.all([post(false), post(true)]);
  const encoder = new TextEncoder();
  const events = sse
    .split('\n\n')
    .filter((e) => e !== '')
    .map((e) =>
      encoder.encode(`${e}

`),
    );
  const dataEvents = events.length - 1;
  if (dataEvents !== CHUNKS)
    throw new Error(`expected ${CHUNKS} chunks from the mock server, got ${dataEvents}`);
  return { chat: encoder.encode(chat), events };
}
function stubFetch(replies) {
  const json = { status: 200, headers: { 'content-type': 'application/json' } };
  const sse = { status: 200, headers: { 'content-type': 'text/event-stream' } };
  return async (_url, init) => {
    const body = init?.body;
    if (!(typeof body === 'string' && body.includes('"stream":true')))
      return new Response(replies.chat, json);
    let i = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (i < replies.events.length) controller.enqueue(replies.events[i++]);
        else controller.close();
      },
    });
    return new Response(stream, sse);
  };
}
function streamedReply(replies) {
  const decoder = new TextDecoder();
  const chunks = replies.events
    .map((e) => decoder.decode(e).slice('data: '.length).trim())
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d));
  const last = chunks[chunks.length - 1];
  const finish = chunks.find((c) => c.choices?.[0]?.finish_reason)?.choices[0].finish_reason;
  return {
    id: chunks[0].id,
    model: chunks[0].model,
    finishReason: finish,
    usage: { inputTokens: last.usage.prompt_tokens, outputTokens: last.usage.completion_tokens },
  };
}

// bench/e2e/framework-stacks.ts
var packages = import_node_path2.default.join(__dirname, '..', '..', 'packages');
var core = require(import_node_path2.default.join(packages, 'core-hooks', 'dist', 'index.js'));
var flows = require(import_node_path2.default.join(packages, 'instrumentation-flows', 'dist', 'index.js'));
var OpenAICompatibleBackend;
async function loadFramework() {
  ({ OpenAICompatibleBackend } = await import('tiny-llm-framework'));
}
var CALL = { temperature: 0.2, maxTokens: 256 };
async function drain(it) {
  for await (const _ of it) {
  }
}
function backendOn(baseURL, bus) {
  return new OpenAICompatibleBackend({ baseURL, apiKey: 'sk-bench', model: MODEL, bus });
}
function stackOf(backend) {
  return {
    chat: () => backend.chat(MESSAGES, CALL),
    stream: () => drain(backend.chatStream(MESSAGES, CALL)),
  };
}
function uninstrumented(baseURL) {
  return stackOf(backendOn(baseURL, new core.HookBus()));
}
function withPlugin(baseURL, tracerProvider, meterProvider) {
  const bus = new core.HookBus();
  new flows.BackendTracingPlugin(
    meterProvider ? { tracerProvider, meterProvider } : { tracerProvider },
  ).register(bus);
  return stackOf(backendOn(baseURL, bus));
}
function floor(baseURL, streamed, tracerProvider, meterProvider) {
  const backend = backendOn(baseURL, new core.HookBus());
  const tracer = tracerProvider.getTracer('floor');
  const url = new URL(baseURL);
  const server = { address: url.hostname, port: Number(url.port) || 443 };
  const meter = meterProvider?.getMeter('floor');
  const histograms = meter && {
    duration: meter.createHistogram('floor.duration', { unit: 's' }),
    tokens: meter.createHistogram('floor.tokens', { unit: '{token}' }),
  };
  const start = (stream) =>
    startSpan(tracer, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.temperature': CALL.temperature,
      'gen_ai.request.max_tokens': CALL.maxTokens,
      ...(stream ? { 'gen_ai.request.stream': true } : {}),
      'server.address': server.address,
      'server.port': server.port,
    });
  const end = (span, r, t0, ttfc) => {
    span.span.setAttribute('gen_ai.response.id', r.id ?? '');
    span.span.setAttribute('gen_ai.response.model', r.model ?? '');
    span.span.setAttribute('gen_ai.response.finish_reasons', [r.finishReason ?? '']);
    span.span.setAttribute('gen_ai.usage.input_tokens', r.usage?.inputTokens ?? 0);
    span.span.setAttribute('gen_ai.usage.output_tokens', r.usage?.outputTokens ?? 0);
    if (ttfc !== void 0) span.span.setAttribute('gen_ai.response.time_to_first_chunk', ttfc);
    span.span.end();
    if (histograms) {
      const attrs = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': MODEL,
        'gen_ai.response.model': r.model,
        'server.address': server.address,
        'server.port': server.port,
      };
      histograms.duration.record((performance.now() - t0) / 1e3, attrs);
      histograms.tokens.record(r.usage?.inputTokens ?? 0, { ...attrs, 'gen_ai.token.type': 'input' });
      histograms.tokens.record(r.usage?.outputTokens ?? 0, { ...attrs, 'gen_ai.token.type': 'output' });
    }
  };
  return {
    chat: () => {
      const t0 = performance.now();
      const s = start(false);
      return import_api.context
        .with(s.ctx, () => backend.chat(MESSAGES, CALL))
        .then(
          (r) => {
            end(s, r, t0);
            return r;
          },
          (e) => fail(s.span, e),
        );
    },
    stream: async () => {
      const t0 = performance.now();
      const s = start(true);
      const it = backend.chatStream(MESSAGES, CALL);
      try {
        let r = await import_api.context.with(s.ctx, () => it.next());
        const ttfc = (performance.now() - t0) / 1e3;
        while (!r.done) r = await it.next();
        end(s, streamed, t0, ttfc);
      } catch (e) {
        fail(s.span, e);
      }
    },
  };
}
function startSpan(tracer, attributes) {
  const parent = import_api.context.active();
  const span = tracer.startSpan(`chat ${MODEL}`, { kind: import_api.SpanKind.CLIENT, attributes }, parent);
  return { span, ctx: import_api.trace.setSpan(parent, span) };
}
function fail(span, e) {
  span.recordException(e);
  span.setStatus({ code: import_api.SpanStatusCode.ERROR, message: String(e) });
  span.end();
  throw e;
}

// bench/e2e/otel.ts
var import_api2 = require('@opentelemetry/api');
var import_context_async_hooks = require('@opentelemetry/context-async-hooks');
var import_sdk_metrics = require('@opentelemetry/sdk-metrics');
var import_sdk_trace_base = require('@opentelemetry/sdk-trace-base');
var UncollectedReader = class extends import_sdk_metrics.MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
};
var nowhere = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
function setupOtel() {
  import_api2.context.setGlobalContextManager(
    new import_context_async_hooks.AsyncLocalStorageContextManager().enable(),
  );
  const tracerProvider = new import_sdk_trace_base.BasicTracerProvider({
    spanProcessors: [new import_sdk_trace_base.BatchSpanProcessor(nowhere)],
  });
  const meterProvider = new import_sdk_metrics.MeterProvider({ readers: [new UncollectedReader()] });
  return {
    tracerProvider,
    meterProvider,
    /** The API's no-op provider (none registered). */
    noopMeterProvider: import_api2.metrics.getMeterProvider(),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      import_api2.context.disable();
    },
  };
}

// bench/e2e/icount.tmp.ts
var [stack, op, nStr] = process.argv.slice(2);
(async () => {
  const server = await startMockServer();
  const replies = await cannedReplies(server.baseURL);
  server.close();
  globalThis.fetch = stubFetch(replies);
  await loadFramework();
  const otel = setupOtel();
  const baseURL = 'http://127.0.0.1:8080/v1';
  const s = {
    fw: uninstrumented(baseURL),
    plugin: withPlugin(baseURL, otel.tracerProvider),
    floor: floor(baseURL, streamedReply(replies), otel.tracerProvider),
    pluginMp: withPlugin(baseURL, otel.tracerProvider, otel.meterProvider),
  }[stack];
  const f = op === 'chat' ? s.chat : s.stream;
  for (let i = 0; i < 200; i++) await f();
  const n = Number(nStr);
  for (let i = 0; i < n; i++) await f();
  await otel.shutdown();
})();
