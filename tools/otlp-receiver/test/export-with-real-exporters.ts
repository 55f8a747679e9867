import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** What the fixture reports per target. */
export interface ExportResult {
  /** 0 SUCCESS, 1 FAILED (`ExportResultCode`). */
  code: number;
  error?: string;
  traceId: string;
  parentSpanId: string;
  childSpanId: string;
}

/** One place to send the two fixture spans to. */
export interface ExportTarget {
  kind: 'protobuf' | 'json';
  url: string;
  compression?: 'gzip';
  headers?: Record<string, string>;
}

const FIXTURE = path.join(__dirname, 'fixtures', 'export-spans.cjs');

/** Runs the real OTLP exporters in a child process against each target, in order. */
export async function exportWithRealExporters(targets: ExportTarget[]): Promise<ExportResult[]> {
  // An empty environment: no OTEL_* variable of the host changes what the exporters send.
  const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE, JSON.stringify(targets)], {
    env: {},
  });
  return JSON.parse(stdout) as ExportResult[];
}
