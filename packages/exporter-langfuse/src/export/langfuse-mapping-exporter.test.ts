import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { captureDiag } from '../../test/support/capture-diag';
import { resetOtelGlobals } from '../../test/support/tracing';
import { MAX_WARNED_KINDS } from '../diag/warn-once-per-kind';
import { isReported, markReported } from './export-failure';
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

const exporterTo = (target: SpanExporter) => new LangfuseMappingExporter({ target, lookup: () => undefined });

describe('LangfuseMappingExporter', () => {
  it('passes a failed export on as failed, with the target’s own error, warning once per kind', () => {
    const logs = captureDiag();
    const errors = [new Error('backend said no'), new Error('backend said no')];
    let n = 0;
    const exporter = exporterTo({
      export: (_spans, cb) => cb({ code: ExportResultCode.FAILED, error: errors[n++] }),
      shutdown: async () => {},
    });
    const results = [exportOnce(exporter), exportOnce(exporter)];
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(results[0].error).toBe(errors[0]);
    expect(results[1].error).toBe(errors[1]);
    expect(errors.every(isReported)).toBe(true);
    expect(logs.warnings()).toEqual([expect.stringContaining('backend said no')]);
  });

  it('passes success on as success', () => {
    const logs = captureDiag();
    const exporter = exporterTo({
      export: (_spans, cb) => cb({ code: ExportResultCode.SUCCESS }),
      shutdown: async () => {},
    });
    expect(exportOnce(exporter)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(logs.warnings()).toEqual([]);
  });

  it('does not warn again about a failure the target already reported', () => {
    const logs = captureDiag();
    const error = markReported(new Error('Langfuse export failed: http 500'));
    const exporter = exporterTo({
      export: (_spans, cb) => cb({ code: ExportResultCode.FAILED, error }),
      shutdown: async () => {},
    });
    expect(exportOnce(exporter)).toEqual({ code: ExportResultCode.FAILED, error });
    expect(logs.warnings()).toEqual([]);
  });

  it('turns a target that throws, or fails without a reason, into a failed result with an error', () => {
    const logs = captureDiag();
    const thrown = new Error('exporter blew up');
    const throwing = exporterTo({
      export: () => {
        throw thrown;
      },
      shutdown: async () => {},
    });
    expect(exportOnce(throwing)).toEqual({ code: ExportResultCode.FAILED, error: thrown });
    const silent = exporterTo({
      export: (_spans, cb) => cb({ code: ExportResultCode.FAILED }),
      shutdown: async () => {},
    });
    const result = exportOnce(silent);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('the exporter gave no reason');
    expect(logs.warnings()).toEqual([
      expect.stringContaining('exporter blew up'),
      expect.stringContaining('the exporter gave no reason'),
    ]);
  });

  it('stays bounded when every failure message differs (warnings and remembered kinds)', () => {
    const logs = captureDiag();
    let n = 0;
    const exporter = exporterTo({
      export: (_spans, cb) =>
        cb({ code: ExportResultCode.FAILED, error: new Error(`request ${n++} rejected at ${Date.now()}`) }),
      shutdown: async () => {},
    });
    for (let i = 0; i < 200; i++) exportOnce(exporter);
    expect(logs.warnings()).toHaveLength(MAX_WARNED_KINDS);
  });
});
