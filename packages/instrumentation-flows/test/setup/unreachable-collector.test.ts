import { createServer, type Server, type Socket } from 'node:net';
import { closedPort } from '@mellea/test-otlp-receiver';
import { type AppOptions, type AppRun, lastJson, setupWarnings, startApp } from '../support/run-app';

// Issue 11, item 2: exit and shutdown never wait on a collector that is not there; a collector
// that accepts and never answers gets the export timeout the user configured, never more. The
// bounds are generous: they tell "ends with the app" (well under a second here) from the ~9 s the
// exporter's retries used to hold a finished process, and from the 10 s default timeout.
const DOWN_BOUND_MS = 3_000;
const HANGING_BOUND_MS = 5_000;

/** Runs a fixture app; `afterEndMs`: how long it lived after printing `endPattern` (its work done). */
async function runAfterEnd(
  script: string,
  opts: AppOptions,
  endPattern = /^\{.*\}$/m,
): Promise<AppRun & { afterEndMs: number }> {
  const app = startApp(script, opts);
  await app.waitForOutput(endPattern);
  const end = Date.now();
  const run = await app.exited;
  return { ...run, afterEndMs: Date.now() - end };
}

const downUrl = async () => `http://127.0.0.1:${await closedPort()}`;

describe('a collector that refuses connections', () => {
  it('env-driven set-up (OTLP, by either endpoint variable): the app exits with its work, one warning naming the endpoint and the variable', async () => {
    const [tracesBase, base] = await Promise.all([downUrl(), downUrl()]);
    const traces = `${tracesBase}/v1/traces`;
    const [byTraces, byBase] = await Promise.all([
      runAfterEnd('generations.mjs', {
        args: ['3'],
        env: { MELLEA_TRACES_ENABLED: '1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces },
      }),
      runAfterEnd('generations.mjs', {
        args: ['3'],
        env: { MELLEA_TRACES_ENABLED: '1', OTEL_EXPORTER_OTLP_ENDPOINT: base },
      }),
    ]);
    for (const run of [byTraces, byBase]) {
      expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(lastJson(run.stdout).texts).toEqual(['answer 0', 'answer 1', 'answer 2']);
      expect(run.afterEndMs).toBeLessThan(DOWN_BOUND_MS);
    }
    expect(setupWarnings(byTraces.stderr)).toEqual([
      expect.stringContaining(
        `exporting spans to ${traces} (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) failed (connect ECONNREFUSED`,
      ),
    ]);
    expect(setupWarnings(byBase.stderr)).toEqual([
      expect.stringContaining(
        `exporting spans to ${base}/v1/traces (OTEL_EXPORTER_OTLP_ENDPOINT) failed (connect ECONNREFUSED`,
      ),
    ]);
  });

  it('setupTracing() in code and node --import …/register: the app exits with its work', async () => {
    const traces = `${await downUrl()}/v1/traces`;
    const [inCode, imported] = await Promise.all([
      runAfterEnd('setup-in-code.mjs', { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces } }),
      runAfterEnd('generations.mjs', {
        nodeArgs: ['--import', '@mellea/instrumentation-flows/register'],
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces },
      }),
    ]);
    for (const run of [inCode, imported]) {
      expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(run.afterEndMs).toBeLessThan(DOWN_BOUND_MS);
    }
    // In code the warning goes to the diag logger only; the env-driven entry also writes it to stderr.
    expect(setupWarnings(imported.stderr)).toEqual([
      expect.stringContaining(`exporting spans to ${traces} (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) failed`),
    ]);
  });

  it('Langfuse (MELLEA_TRACES_LANGFUSE=1) at a base URL that refuses: the app exits with its work, one warning naming it and LANGFUSE_BASE_URL', async () => {
    const base = await downUrl();
    const run = await runAfterEnd('generations.mjs', {
      args: ['2'],
      env: {
        MELLEA_TRACES_ENABLED: '1',
        MELLEA_TRACES_LANGFUSE: '1',
        LANGFUSE_PUBLIC_KEY: 'pk-lf-test',
        LANGFUSE_SECRET_KEY: 'sk-lf-secret-value',
        LANGFUSE_BASE_URL: base,
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(run.afterEndMs).toBeLessThan(DOWN_BOUND_MS);
    expect(setupWarnings(run.stderr)).toEqual([
      expect.stringContaining(
        `exporting spans to Langfuse at ${base} (LANGFUSE_BASE_URL) failed (Langfuse export failed: connect ECONNREFUSED`,
      ),
    ]);
    expect(run.stderr).not.toContain('sk-lf-secret-value');
  });

  it('SIGTERM: the flush does not wait on it, and the process still ends by the signal', async () => {
    const traces = `${await downUrl()}/v1/traces`;
    const app = startApp('server-app.mjs', {
      env: {
        MELLEA_TRACES_ENABLED: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: traces,
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      },
    });
    await app.waitForOutput(/^ready /m);
    const signalled = Date.now();
    app.child.kill('SIGTERM');
    const run = await app.exited;
    expect(Date.now() - signalled).toBeLessThan(DOWN_BOUND_MS);
    expect(run).toEqual(expect.objectContaining({ code: null, signal: 'SIGTERM' }));
    expect(setupWarnings(run.stderr)).toEqual([
      expect.stringContaining(`exporting spans to ${traces} (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) failed`),
    ]);
  });
});

describe('a collector that accepts connections and never answers', () => {
  let silent: Server;
  let sockets: Socket[];
  let url: string;
  beforeEach(async () => {
    sockets = [];
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/v1/traces`;
  });
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_TIMEOUT'],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'],
    ['OTEL_BSP_EXPORT_TIMEOUT'],
  ])(
    'is given the export timeout set by %s (1000 ms), not the 10 s default: the export times out, one warning, and the exit follows',
    async (variable) => {
      const run = await runAfterEnd('generations.mjs', {
        args: ['2'],
        env: { MELLEA_TRACES_ENABLED: '1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url, [variable]: '1000' },
      });
      expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(sockets.length).toBeGreaterThan(0); // the export reached it and was left hanging
      expect(run.afterEndMs).toBeLessThan(HANGING_BOUND_MS);
      expect(setupWarnings(run.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `exporting spans to ${url} \\(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT\\) failed \\(.*timed out`,
            'i',
          ),
        ),
      ]);
    },
  );
});
