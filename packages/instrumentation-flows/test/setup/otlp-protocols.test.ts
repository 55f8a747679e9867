import type { OtlpReceiver } from '@mellea/test-otlp-receiver';
import { useReceivers } from './support/receivers';
import { type AppRun, lastJson, runApp, setupWarnings } from './support/run-app';

// OTLP protocols, endpoints, headers, OTEL_TRACES_EXPORTER and OTEL_SDK_DISABLED are honoured,
// each read by the real exporters from real environment variables in a child process.
describe('OTLP export configured by OTEL_* variables', () => {
  const receiver = useReceivers();
  const traced = (env: Record<string, string>): Promise<AppRun> =>
    runApp('generations.mjs', { env: { MELLEA_TRACES_ENABLED: '1', ...env } });
  const expectCleanExit = (run: AppRun) =>
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));

  it('sends protobuf by default and with http/protobuf, JSON with http/json; the traces-specific protocol wins', async () => {
    const [byDefault, protobuf, json, generalJson, tracesWins] = await Promise.all([
      receiver(),
      receiver(),
      receiver(),
      receiver(),
      receiver(),
    ]);
    const runs = await Promise.all([
      traced({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: byDefault.tracesUrl }),
      traced({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: protobuf.tracesUrl,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }),
      traced({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: json.tracesUrl,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }),
      traced({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: generalJson.tracesUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
      traced({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesWins.tracesUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }),
    ]);
    runs.forEach(expectCleanExit);
    const expected: [OtlpReceiver, string][] = [
      [byDefault, 'application/x-protobuf'],
      [protobuf, 'application/x-protobuf'],
      [json, 'application/json'],
      [generalJson, 'application/json'],
      [tracesWins, 'application/x-protobuf'],
    ];
    for (const [r, contentType] of expected) {
      expect(r.requests.map((q) => q.contentType)).toEqual([contentType]);
      expect(r.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
      expect(r.spans()[0].attributes['gen_ai.usage.output_tokens']).toBe(3);
    }
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, sends OTEL_EXPORTER_OTLP_HEADERS and compression', async () => {
    const [base, exact, withHeaders] = await Promise.all([receiver(), receiver(), receiver()]);
    const runs = await Promise.all([
      traced({ OTEL_EXPORTER_OTLP_ENDPOINT: base.url }),
      traced({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${exact.url}/custom/ingest` }),
      traced({
        OTEL_EXPORTER_OTLP_ENDPOINT: withHeaders.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k-123,x-tenant=acme',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      }),
    ]);
    runs.forEach(expectCleanExit);
    expect(base.requests.map((q) => q.path)).toEqual(['/v1/traces']);
    expect(exact.requests.map((q) => q.path)).toEqual(['/custom/ingest']);
    const [request] = withHeaders.requests;
    expect(request.headers).toEqual(
      expect.objectContaining({ 'x-api-key': 'k-123', 'x-tenant': 'acme', 'content-encoding': 'gzip' }),
    );
    expect(withHeaders.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  });

  it('honours OTEL_TRACES_EXPORTER (none, console, otlp) and OTEL_SDK_DISABLED=true', async () => {
    const [none, consoleOnly, otlpAndConsole, disabled] = await Promise.all([
      receiver(),
      receiver(),
      receiver(),
      receiver(),
    ]);
    const [noneRun, consoleRun, bothRun, disabledRun] = await Promise.all([
      traced({ OTEL_EXPORTER_OTLP_ENDPOINT: none.url, OTEL_TRACES_EXPORTER: 'none' }),
      traced({ OTEL_EXPORTER_OTLP_ENDPOINT: consoleOnly.url, OTEL_TRACES_EXPORTER: 'console' }),
      traced({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpAndConsole.url, OTEL_TRACES_EXPORTER: 'otlp,console' }),
      traced({ OTEL_EXPORTER_OTLP_ENDPOINT: disabled.url, OTEL_SDK_DISABLED: 'true' }),
    ]);
    [noneRun, consoleRun, bothRun, disabledRun].forEach(expectCleanExit);

    expect(none.requests).toEqual([]);
    expect(noneRun.stderr).not.toContain('chat gpt-4o-mini');
    expect(consoleOnly.requests).toEqual([]);
    expect(consoleRun.stderr).toContain('chat gpt-4o-mini');
    expect(otlpAndConsole.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(bothRun.stderr).toContain('chat gpt-4o-mini');

    expect(disabled.requests).toEqual([]);
    expect(disabledRun.stderr).toBe('');
    expect(lastJson(disabledRun.stdout)).toEqual(
      expect.objectContaining({ texts: ['answer 0'], plugins: [], otelGlobals: [], sdkLoaded: false }),
    );
  });

  it('grpc: one warning, then http/protobuf', async () => {
    const r = await receiver();
    const run = await traced({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: r.tracesUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expectCleanExit(run);
    expect(setupWarnings(run.stderr)).toEqual([
      expect.stringMatching(/OTEL_EXPORTER_OTLP_PROTOCOL=grpc.*http\/protobuf/),
    ]);
    expect(r.requests.map((q) => q.contentType)).toEqual(['application/x-protobuf']);
  });
});
