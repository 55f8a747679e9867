import path from 'node:path';
import { closedPort, type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { type AppFolder, makeAppFolder } from './support/app-folder';
import { listenOnDefaultOtlpPort } from './support/default-otlp-port';
import { lastJson, runApp, setupWarnings } from './support/run-app';

// Set-up mistakes warn once (stderr and the diag logger), never throw, and never keep the app
// alive or fail it.
describe('set-up warnings and failure modes', () => {
  let folder: AppFolder | undefined;
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    folder?.remove();
    folder = undefined;
    await receiver?.close();
    receiver = undefined;
  });

  it('MELLEA_TRACES_OTLP=1 with no endpoint, and a missing Langfuse package: each warned once on stderr and once through diag, then the default endpoint gets the spans', async () => {
    // The default endpoint is http://localhost:4318/v1/traces: the receiver stands in for it.
    receiver = await startOtlpReceiver({ port: 4318 });
    folder = makeAppFolder(
      ['@mellea/core-hooks', '@mellea/instrumentation-flows', '@opentelemetry/api'],
      ['diag-warnings.mjs', 'lib/emit-generations.mjs'],
    );
    const run = await runApp(path.join(folder.dir, 'diag-warnings.mjs'), {
      cwd: folder.dir,
      env: { MELLEA_TRACES_ENABLED: '1', MELLEA_TRACES_OTLP: '1', MELLEA_TRACES_LANGFUSE: '1' },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    const noEndpoint = /MELLEA_TRACES_OTLP is set but no endpoint is .*http:\/\/localhost:4318\/v1\/traces/;
    const noLangfuse = /@mellea\/exporter-langfuse is not installed/;
    const stderr = setupWarnings(run.stderr);
    expect(stderr).toHaveLength(2);
    expect(stderr.filter((l) => noEndpoint.test(l))).toHaveLength(1);
    expect(stderr.filter((l) => noLangfuse.test(l))).toHaveLength(1);

    const { texts, diag } = lastJson<{ texts: string[]; diag: { level: string; message: string }[] }>(
      run.stdout,
    );
    expect(texts).toEqual(['answer 0', 'answer 1', 'answer 2']);
    expect(diag).toHaveLength(2);
    expect(diag.filter((d) => d.level === 'warn' && noEndpoint.test(d.message))).toHaveLength(1);
    expect(diag.filter((d) => d.level === 'warn' && noLangfuse.test(d.message))).toHaveLength(1);

    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/traces']);
    expect(receiver.spans()).toHaveLength(3);
  });

  it('an endpoint variable that is not a URL: one warning naming the variable and its value, and nothing is sent anywhere in its place (localhost:4318 gets nothing)', async () => {
    const defaultPort = await listenOnDefaultOtlpPort();
    try {
      const keys = { LANGFUSE_PUBLIC_KEY: 'pk-lf-test', LANGFUSE_SECRET_KEY: 'sk-lf-secret-value' };
      const runs = await Promise.all(
        [
          { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not-a-url' },
          { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' },
          { MELLEA_TRACES_LANGFUSE: '1', ...keys, LANGFUSE_BASE_URL: 'not-a-url' },
        ].map((env) =>
          runApp('generations.mjs', { args: ['2'], env: { MELLEA_TRACES_ENABLED: '1', ...env } }),
        ),
      );
      for (const run of runs) {
        expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
        expect(lastJson(run.stdout).texts).toEqual(['answer 0', 'answer 1']);
      }
      expect(runs.map((r) => setupWarnings(r.stderr))).toEqual([
        [expect.stringContaining('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=not-a-url is not an http(s) URL')],
        [expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT=localhost:4318 is not an http(s) URL')],
        [expect.stringContaining('LANGFUSE_BASE_URL=not-a-url is not an http(s) URL')],
      ]);
      expect(setupWarnings(runs[0].stderr)[0]).toMatch(/no spans are sent over OTLP/);
      expect(setupWarnings(runs[2].stderr)[0]).toMatch(/nothing is sent to Langfuse/);
    } finally {
      await defaultPort.close();
    }
    expect(defaultPort.connections).toBe(0);
  });

  it('the collector is down (connection refused): every generation succeeds, one warning, a normal exit, no unhandled rejection', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/v1/traces`;
    const env = { MELLEA_TRACES_ENABLED: '1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: down };
    const nodeArgs = ['--unhandled-rejections=strict'];
    const [oneBatch, manyBatches] = await Promise.all([
      runApp('generations.mjs', { nodeArgs, args: ['3'], env }),
      // Three failing exports (one span each, short timeout): still one warning.
      runApp('generations.mjs', {
        nodeArgs,
        args: ['3'],
        env: { ...env, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1000' },
      }),
    ]);
    for (const run of [oneBatch, manyBatches]) {
      expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(lastJson(run.stdout).texts).toEqual(['answer 0', 'answer 1', 'answer 2']);
      expect(setupWarnings(run.stderr)).toEqual([
        expect.stringContaining(
          `exporting spans to ${down} (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) failed (connect ECONNREFUSED`,
        ),
      ]);
      expect(run.stderr).not.toMatch(/unhandled/i);
    }
  });

  it('the collector rejects the credentials (401): one warning naming the endpoint, a normal exit', async () => {
    receiver = await startOtlpReceiver({ status: 401 });
    const run = await runApp('generations.mjs', {
      args: ['2'],
      env: {
        MELLEA_TRACES_ENABLED: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=wrong',
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(setupWarnings(run.stderr)).toEqual([
      expect.stringContaining(
        `exporting spans to ${receiver.tracesUrl} (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) failed (Unauthorized`,
      ),
    ]);
    expect(run.stderr).not.toContain('wrong');
    expect(receiver.requests).toHaveLength(1);
  });

  it('a generation left open does not keep a finished app alive', async () => {
    receiver = await startOtlpReceiver();
    const run = await runApp('open-generation.mjs', {
      env: { MELLEA_TRACES_ENABLED: '1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout).plugins).toEqual(['backend_tracing']);
    expect(setupWarnings(run.stderr)).toEqual([]);
  });
});
