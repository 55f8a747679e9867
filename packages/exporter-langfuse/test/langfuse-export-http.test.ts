import { closedPort, type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { langfuseWarnings, runApp, unexpectedErrors } from './child/run-app';
import { SPANS, TRACE_LEVEL_ATTRIBUTES } from './support/llm-trace';

// Real export over loopback HTTP, from a child process (see child/run-langfuse-app.ts).
const PUBLIC_KEY = 'pk-lf-1234567890ab';
const SECRET_KEY = 'sk-lf-9f8e7d6c5b4a-top-secret';
const KEYS = { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY };

describe('LangfuseSpanProcessor over HTTP', () => {
  const receivers: OtlpReceiver[] = [];
  const start = async (opts?: Parameters<typeof startOtlpReceiver>[0]) => {
    const receiver = await startOtlpReceiver(opts);
    receivers.push(receiver);
    return receiver;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  /** Two immediate-mode runs, each flushed, against a Langfuse answering `status`: all settle, one warning. */
  const twoFlushedRunsAgainst = async (status: number) => {
    const langfuse = await start({ status });
    const app = await runApp({
      processor: { ...KEYS, baseUrl: langfuse.url, exportMode: 'immediate' },
      scenario: 'llm-trace',
      runs: 2,
      flushEachRun: true,
    });
    expect(app.thrown).toEqual([]);
    expect(app.settled).toEqual(['forceFlush', 'forceFlush', 'forceFlush', 'shutdown']);
    expect(langfuse.requests.length).toBeGreaterThanOrEqual(2);
    const warnings = langfuseWarnings(app);
    expect(warnings).toHaveLength(1);
    return { langfuse, app, warnings };
  };

  it('posts OTLP/JSON with hex ids to {baseUrl}/api/public/otel/v1/traces with Basic auth and the x-langfuse headers', async () => {
    const langfuse = await start();
    const app = await runApp({ processor: { ...KEYS, baseUrl: langfuse.url }, scenario: 'one-chat' });
    expect(app.thrown).toEqual([]);
    expect(langfuse.requests).toHaveLength(1);
    const [request] = langfuse.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/public/otel/v1/traces');
    expect(request.contentType).toBe('application/json');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64')}`,
    );
    expect(request.headers['x-langfuse-ingestion-version']).toBe('4');
    expect(request.headers['x-langfuse-sdk-name']).toBe('@mellea/exporter-langfuse');
    expect(request.headers['x-langfuse-sdk-version']).toBe(require('../package.json').version);
    expect(request.headers['user-agent']).toContain('@mellea/exporter-langfuse/0.1.0');
    const body = request.body.toString('utf8');
    expect(body).toMatch(/"traceId":"[0-9a-f]{32}"/);
    expect(body).toMatch(/"spanId":"[0-9a-f]{16}"/);
    expect(langfuse.spans().map((s) => s.spanId)).toEqual(app.memory.map((s) => s.spanId));
  });

  it('does not inherit the collector settings (OTEL_EXPORTER_OTLP_* headers, endpoint, compression), and the collector never gets the Langfuse keys', async () => {
    const langfuse = await start();
    const collector = await start();
    const app = await runApp({
      env: {
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector-secret,authorization=Bearer collector-token',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-traces-key=traces-secret',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        LANGFUSE_PUBLIC_KEY: PUBLIC_KEY,
        LANGFUSE_SECRET_KEY: SECRET_KEY,
        LANGFUSE_BASE_URL: langfuse.url,
      },
      collector: true,
      scenario: 'one-chat',
    });
    expect(app.thrown).toEqual([]);
    expect(langfuse.requests).toHaveLength(1);
    const toLangfuse = langfuse.requests[0].headers;
    expect(toLangfuse['x-collector-key']).toBeUndefined();
    expect(toLangfuse['x-traces-key']).toBeUndefined();
    expect(toLangfuse.authorization).toMatch(/^Basic /);
    expect(toLangfuse['content-encoding']).toBeUndefined();
    expect(langfuse.requests[0].path).toBe('/api/public/otel/v1/traces');

    expect(collector.requests).toHaveLength(1);
    const toCollector = collector.requests[0];
    expect(toCollector.path).toBe('/v1/traces');
    expect(toCollector.headers['content-encoding']).toBe('gzip');
    expect(toCollector.headers['x-collector-key']).toBe('collector-secret');
    expect(toCollector.headers.authorization).toBe('Bearer collector-token');
    for (const header of ['x-langfuse-ingestion-version', 'x-langfuse-sdk-name', 'x-langfuse-sdk-version']) {
      expect(toCollector.headers[header]).toBeUndefined();
    }
    expect(JSON.stringify(toCollector.headers)).not.toContain(
      Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64'),
    );
    // The collector gets the original spans: no langfuse.* attributes.
    for (const span of collector.spans()) {
      expect(Object.keys(span.attributes).filter((k) => k.startsWith('langfuse.'))).toEqual([]);
    }
  });

  it('sends a realistic LLM trace with the Langfuse attributes on every span, configured from LANGFUSE_* variables only', async () => {
    const langfuse = await start();
    const app = await runApp({
      env: {
        LANGFUSE_PUBLIC_KEY: PUBLIC_KEY,
        LANGFUSE_SECRET_KEY: SECRET_KEY,
        LANGFUSE_HOST: `${langfuse.url}/`,
        LANGFUSE_TRACING_ENVIRONMENT: 'staging',
        LANGFUSE_RELEASE: 'v1.4.0',
        // Meant for a collector: a 1 ms timeout and an unreadable certificate would break the export.
        OTEL_EXPORTER_OTLP_TIMEOUT: '1',
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1',
        OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem',
      },
      scenario: 'llm-trace',
    });
    expect(app.thrown).toEqual([]);
    expect(app.logs.filter((e) => e.level === 'warn' || e.level === 'error')).toEqual([]);
    const received = new Map(langfuse.spans().map((s) => [s.name, s]));
    expect([...received.keys()].sort()).toEqual(
      [
        SPANS.workflow,
        SPANS.agent,
        SPANS.chat,
        SPANS.tool,
        SPANS.embeddings,
        SPANS.cancelled,
        SPANS.step,
      ].sort(),
    );
    for (const span of received.values()) {
      expect(span.attributes).toMatchObject(TRACE_LEVEL_ATTRIBUTES);
    }
    const chat = received.get(SPANS.chat)!;
    expect(chat.attributes['langfuse.observation.type']).toBe('generation');
    expect(chat.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(chat.attributes['langfuse.observation.input']).toEqual(
      expect.stringContaining('Where is my order?'),
    );
    expect(received.get(SPANS.cancelled)!.attributes['langfuse.observation.level']).toBe('WARNING');
    expect(received.get(SPANS.workflow)!.attributes['langfuse.internal.is_app_root']).toBe(true);
    // What other exporters saw is unchanged.
    const originalChat = app.memory.find((s) => s.name === SPANS.chat)!;
    expect(originalChat.attributes['gen_ai.input.messages']).toEqual(expect.any(String));
    expect(Object.keys(originalChat.attributes).filter((k) => k.startsWith('langfuse.'))).toEqual([]);
  });

  it.each([401, 403])(
    'warns once with the masked public key when Langfuse answers %i, and the secret appears in no log, error or span',
    async (status) => {
      const { langfuse, app, warnings } = await twoFlushedRunsAgainst(status);
      expect(warnings[0]).toContain('pk-lf-12…ab');
      expect(warnings[0]).toContain(`HTTP ${status}`);
      expect(warnings[0]).not.toContain(PUBLIC_KEY);
      const everything = JSON.stringify(app);
      expect(everything).not.toContain(SECRET_KEY);
      expect(everything).not.toContain(Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64'));
      expect(unexpectedErrors(app)).toEqual([]);
      for (const request of langfuse.requests)
        expect(request.body.toString('utf8')).not.toContain(SECRET_KEY);
    },
  );

  it('a bare LangfuseExporter reports a 401 as a failed result whose error carries no secret', async () => {
    const langfuse = await start({ status: 401 });
    const app = await runApp({
      mode: 'exporter',
      exporter: { ...KEYS, baseUrl: langfuse.url },
      scenario: 'one-chat',
      runs: 2,
    });
    expect(app.exportResults.map((r) => r.ok)).toEqual([false, false]);
    expect(app.exportResults[0].error).toContain('401');
    expect(langfuseWarnings(app)).toHaveLength(1);
    expect(JSON.stringify(app)).not.toContain(SECRET_KEY);
    expect(app.settled).toEqual(['forceFlush', 'shutdown']);
  });

  it('without keys: one warning naming LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY, nothing sent, nothing stamped, nothing thrown', async () => {
    const langfuse = await start();
    const app = await runApp({
      env: { LANGFUSE_PUBLIC_KEY: PUBLIC_KEY, LANGFUSE_BASE_URL: langfuse.url },
      scenario: 'llm-trace',
    });
    expect(app.thrown).toEqual([]);
    expect(app.settled).toEqual(['forceFlush', 'shutdown']);
    const warnings = langfuseWarnings(app);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('LANGFUSE_PUBLIC_KEY');
    expect(warnings[0]).toContain('LANGFUSE_SECRET_KEY');
    expect(warnings[0]).not.toContain(PUBLIC_KEY);
    expect(langfuse.requests).toHaveLength(0);
    const httpServer = app.memory.find((s) => s.name === SPANS.httpServer)!;
    expect(httpServer.attributes['session.id']).toBeUndefined();
  });

  it('leaves an invalid LANGFUSE_TRACING_ENVIRONMENT out, with a warning', async () => {
    const langfuse = await start();
    const app = await runApp({
      env: { LANGFUSE_TRACING_ENVIRONMENT: 'Langfuse-Prod' },
      processor: { ...KEYS, baseUrl: langfuse.url },
      scenario: 'one-chat',
    });
    expect(langfuseWarnings(app)).toEqual([expect.stringContaining('LANGFUSE_TRACING_ENVIRONMENT')]);
    const [span] = langfuse.spans();
    expect(span.attributes['langfuse.environment']).toBeUndefined();
  });

  it('forceFlush() and shutdown() resolve, with a warning, when Langfuse is unreachable (connection refused)', async () => {
    const port = await closedPort();
    for (const exportMode of ['batched', 'immediate'] as const) {
      const app = await runApp({
        processor: { exportMode },
        exporter: { ...KEYS, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 },
        scenario: 'llm-trace',
      });
      expect(app.thrown).toEqual([]);
      expect(app.settled).toEqual(['forceFlush', 'shutdown']);
      const warnings = langfuseWarnings(app);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.join('\n')).toContain('failed');
      expect(unexpectedErrors(app)).toEqual([]);
    }
  });

  it('does not keep a process alive that never flushes (the batch timer is unref-ed)', async () => {
    const langfuse = await start();
    const app = await runApp({
      processor: { ...KEYS, baseUrl: langfuse.url },
      scenario: 'llm-trace',
      calls: [],
    });
    expect(app.thrown).toEqual([]);
    expect(app.settled).toEqual([]);
    // The child exited on its own before the 5 s batch delay: nothing was sent.
    expect(langfuse.requests).toHaveLength(0);
  });

  it('forceFlush() and shutdown() resolve, with one warning naming the status, when Langfuse answers 500', async () => {
    const { app, warnings } = await twoFlushedRunsAgainst(500);
    expect(warnings[0]).toContain('Internal Server Error');
    expect(unexpectedErrors(app)).toEqual([]);
  });
});
