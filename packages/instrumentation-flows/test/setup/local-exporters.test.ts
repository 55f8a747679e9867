import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  decodeJsonTraces,
  flattenSpans,
  type OtlpReceiver,
  startOtlpReceiver,
} from '@mellea/test-otlp-receiver';
import { type AppFolder, makeAppFolder } from './support/app-folder';
import { runApp, setupWarnings } from './support/run-app';

// MELLEA_TRACES_* choose the console tree, the OTLP/JSON file and Langfuse (installed or not).
describe('local exporters chosen by MELLEA_TRACES_*', () => {
  let receiver: OtlpReceiver;
  let tmp: string;
  let folder: AppFolder | undefined;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    tmp = mkdtempSync(path.join(tmpdir(), 'mellea-traces-'));
  });
  afterEach(async () => {
    await receiver.close();
    rmSync(tmp, { recursive: true, force: true });
    folder?.remove();
    folder = undefined;
  });

  it('MELLEA_TRACES_CONSOLE=1 prints the tree on stderr; MELLEA_TRACES_FILE=path writes OTLP/JSON lines; neither tries OTLP', async () => {
    const file = path.join(tmp, 'nested', 'traces.jsonl');
    const [consoleRun, fileRun] = await Promise.all([
      runApp('generations.mjs', { env: { MELLEA_TRACES_ENABLED: '1', MELLEA_TRACES_CONSOLE: '1' } }),
      runApp('generations.mjs', {
        args: ['3'],
        env: { MELLEA_TRACES_ENABLED: '1', MELLEA_TRACES_FILE: file },
      }),
    ]);
    expect(consoleRun).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(consoleRun.stderr).toMatch(/chat gpt-4o-mini .*tokens in=11 out=3/);
    // An OTLP exporter to the default endpoint would have failed here and warned.
    expect(setupWarnings(consoleRun.stderr)).toEqual([]);

    expect(fileRun).toEqual(expect.objectContaining({ code: 0, signal: null, stderr: '' }));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const spans = lines.flatMap((line) => flattenSpans(decodeJsonTraces(Buffer.from(line))));
    expect(spans.map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat gpt-4o-mini']);
    expect(spans[0].traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans[0].attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
  });

  it('MELLEA_TRACES_LANGFUSE=1 without @mellea/exporter-langfuse installed: one warning naming it, tracing goes on', async () => {
    folder = makeAppFolder(
      ['@mellea/core-hooks', '@mellea/instrumentation-flows'],
      ['generations.mjs', 'lib/emit-generations.mjs'],
    );
    const run = await runApp(path.join(folder.dir, 'generations.mjs'), {
      cwd: folder.dir,
      args: ['2'],
      env: {
        MELLEA_TRACES_ENABLED: '1',
        MELLEA_TRACES_LANGFUSE: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(setupWarnings(run.stderr)).toEqual([
      expect.stringMatching(/MELLEA_TRACES_LANGFUSE is set but @mellea\/exporter-langfuse is not installed/),
    ]);
    expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
  });

  it('MELLEA_TRACES_LANGFUSE=1 with @mellea/exporter-langfuse installed sends to Langfuse’s OTLP endpoint with its keys; rejected keys and missing keys warn once on stderr', async () => {
    const rejecting = await startOtlpReceiver({ status: 401 });
    const langfuse = (extra: Record<string, string>) =>
      runApp('generations.mjs', {
        env: { MELLEA_TRACES_ENABLED: '1', MELLEA_TRACES_LANGFUSE: '1', ...extra },
      });
    const keys = { LANGFUSE_PUBLIC_KEY: 'pk-lf-test', LANGFUSE_SECRET_KEY: 'sk-lf-secret-value' };
    try {
      const [sent, rejected, noKeys] = await Promise.all([
        langfuse({ ...keys, LANGFUSE_BASE_URL: receiver.url }),
        langfuse({ ...keys, LANGFUSE_BASE_URL: rejecting.url }),
        langfuse({ LANGFUSE_BASE_URL: receiver.url }),
      ]);
      for (const run of [sent, rejected, noKeys]) {
        expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
        expect(run.stderr).not.toContain('sk-lf-secret-value');
      }

      expect(setupWarnings(sent.stderr)).toEqual([]);
      const [request] = receiver.requests;
      expect(receiver.requests).toHaveLength(1);
      expect(request.path).toBe('/api/public/otel/v1/traces');
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from('pk-lf-test:sk-lf-secret-value').toString('base64')}`,
      );
      expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);

      expect(setupWarnings(rejected.stderr)).toEqual([
        expect.stringMatching(/Langfuse rejected the credentials \(HTTP 401\); check LANGFUSE_PUBLIC_KEY/),
      ]);
      expect(rejecting.requests).toHaveLength(1);

      expect(setupWarnings(noKeys.stderr)).toEqual([
        expect.stringMatching(/LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not both set/),
      ]);
    } finally {
      await rejecting.close();
    }
  });
});
