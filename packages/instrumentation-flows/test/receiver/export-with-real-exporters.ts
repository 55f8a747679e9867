import { spawn } from 'node:child_process';
import path from 'node:path';

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
export function exportWithRealExporters(targets: ExportTarget[]): Promise<ExportResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, JSON.stringify(targets)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`export fixture exited with ${code}: ${err}`));
      resolve(JSON.parse(out) as ExportResult[]);
    });
  });
}
