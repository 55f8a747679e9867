import path from 'node:path';
import { closedPort, type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { ExportResultCode } from '@opentelemetry/core';
import { runChildApp, langfuseWarnings as warnings } from './child/run-app';
import type { FailingExportRequest, FailingExportResult } from './child/run-failing-export-app';

// An export that fails (Langfuse answers an error, the user's exporter is refused, nothing listens):
// the SDK processor is told it failed, with the exporter's own error (its flush rejects with it, its
// global error handler sees it), nothing is thrown into the application, and this package's diag
// output has one warning for the kind of failure, however many layers see it. Real SDK, real
// exporters, loopback HTTP, in a child process.
const KEYS = { publicKey: 'pk-lf-1234567890ab', secretKey: 'sk-lf-9f8e7d6c5b4a-top-secret' };
const APP = path.join(__dirname, 'child', 'run-failing-export-app.ts');

const run = (request: Omit<FailingExportRequest, 'keys'>) =>
  runChildApp<FailingExportResult>(APP, { ...request, keys: KEYS });
const everything = (result: FailingExportResult) =>
  JSON.stringify([result.logs, result.exported, result.flushes, result.globalErrors]);

describe('a failed export reaches the SDK processor as a failure, warned once', () => {
  const receivers: OtlpReceiver[] = [];
  const start = async (status: number) => {
    const receiver = await startOtlpReceiver({ status });
    receivers.push(receiver);
    return receiver;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('Langfuse answers 500: a BatchSpanProcessor gets FAILED with the exporter’s error and its flush rejects with it; one warning', async () => {
    const langfuse = await start(500);
    const result = await run({ setup: 'batch-langfuse', url: langfuse.url });
    expect(result.thrown).toEqual([]);
    expect(langfuse.requests).toHaveLength(2);
    expect(result.exported).toEqual([
      { code: ExportResultCode.FAILED, error: expect.stringContaining('Internal Server Error') },
      { code: ExportResultCode.FAILED, error: expect.stringContaining('Internal Server Error') },
    ]);
    expect(result.flushes).toEqual([
      { rejected: result.exported[0].error, isExportedError: true },
      { rejected: result.exported[1].error, isExportedError: true },
    ]);
    expect(warnings(result)).toEqual([expect.stringContaining('failed: Internal Server Error')]);
    expect(everything(result)).not.toContain(KEYS.secretKey);
  });

  it('the user’s OTLP exporter gets 400: FAILED for the BatchSpanProcessor, one warning from the mapping exporter', async () => {
    const backend = await start(400);
    const result = await run({ setup: 'batch-otlp', url: backend.url });
    expect(result.thrown).toEqual([]);
    expect(result.exported.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(result.flushes).toEqual([
      { rejected: expect.any(String), isExportedError: true },
      { rejected: expect.any(String), isExportedError: true },
    ]);
    expect(warnings(result)).toEqual([expect.stringContaining('export to Langfuse failed: Bad Request')]);
  });

  it.each(['batched', 'immediate'] as const)(
    'LangfuseSpanProcessor (%s) with nothing listening: each failure reaches the SDK processor, flushes resolve, one warning',
    async (exportMode) => {
      const result = await run({
        setup: 'processor',
        url: `http://127.0.0.1:${await closedPort()}`,
        exportMode,
      });
      expect(result.thrown).toEqual([]);
      expect(warnings(result)).toEqual([
        expect.stringMatching(
          /export of \d+ span\(s\) to Langfuse \(http:\/\/127\.0\.0\.1:\d+\/api\/public\/otel\/v1\/traces\) failed: .*ECONNREFUSED/,
        ),
      ]);
      // The batch processor's flush rejects with the reported error (logged at debug level, not
      // warned again); the simple processor hands each failed export to the global error handler.
      const seenBySdk =
        exportMode === 'batched'
          ? result.logs.filter((e) => e.level === 'debug' && e.text.includes('Langfuse flush failed'))
          : result.globalErrors;
      expect(seenBySdk.length).toBeGreaterThanOrEqual(2);
      expect(everything(result)).not.toContain(KEYS.secretKey);
    },
  );
});
