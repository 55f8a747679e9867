import path from 'node:path';
import { runApp } from '../setup/support/run-app';

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
  const run = await runApp(FIXTURE, { args: [JSON.stringify(targets)] });
  if (run.code !== 0) throw new Error(`export fixture exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ExportResult[];
}
