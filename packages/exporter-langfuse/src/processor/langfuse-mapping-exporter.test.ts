import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { captureDiag } from '../../test/support/capture-diag';
import { resetOtelGlobals } from '../../test/support/tracing';
import { MAX_WARNED_KINDS } from '../diag/warn-once-per-kind';
import { LangfuseMappingExporter } from './langfuse-mapping-exporter';

afterEach(resetOtelGlobals);

const span = {
  name: 'chat m',
  attributes: { 'gen_ai.operation.name': 'chat' },
  instrumentationScope: { name: '@mellea/instrumentation-flows' },
} as unknown as ReadableSpan;

function exportOnce(exporter: LangfuseMappingExporter): ExportResult {
  let result: ExportResult | undefined;
  exporter.export([span], (r) => {
    result = r;
  });
  return result!;
}

describe('LangfuseMappingExporter', () => {
  it('acknowledges a failed export as done, with one warning per kind of failure', () => {
    const logs = captureDiag();
    const target: SpanExporter = {
      export: (_spans, cb) => cb({ code: ExportResultCode.FAILED, error: new Error('backend said no') }),
      shutdown: async () => {},
    };
    const exporter = new LangfuseMappingExporter({
      target,
      lookup: () => undefined,
      targetReportsFailures: false,
    });
    expect(exportOnce(exporter).code).toBe(ExportResultCode.SUCCESS);
    expect(exportOnce(exporter).code).toBe(ExportResultCode.SUCCESS);
    expect(logs.warnings()).toEqual([expect.stringContaining('backend said no')]);
  });

  it('stays bounded when every failure message differs (warnings and remembered kinds)', () => {
    const logs = captureDiag();
    let n = 0;
    const target: SpanExporter = {
      export: (_spans, cb) =>
        cb({ code: ExportResultCode.FAILED, error: new Error(`request ${n++} rejected at ${Date.now()}`) }),
      shutdown: async () => {},
    };
    const exporter = new LangfuseMappingExporter({
      target,
      lookup: () => undefined,
      targetReportsFailures: false,
    });
    for (let i = 0; i < 200; i++) exportOnce(exporter);
    expect(logs.warnings()).toHaveLength(MAX_WARNED_KINDS);
  });
});
