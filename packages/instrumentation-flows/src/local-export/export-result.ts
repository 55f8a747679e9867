import type { ExportResult } from '../sdk-types';

// The numeric codes of `@opentelemetry/core`'s ExportResultCode, so that importing this package
// does not load the SDK's core module (an optional peer). This package's one copy.
const SUCCESS = 0;
const FAILED = 1;

/** A successful export. */
export function exportSucceeded(): ExportResult {
  return { code: SUCCESS };
}

/** A failed export, carrying what went wrong. */
export function exportFailed(error: unknown): ExportResult {
  // Duck-typed: errors from another realm (a vm context, a test runner) fail `instanceof Error`.
  const errorLike =
    typeof error === 'object' && error !== null && typeof (error as Error).message === 'string';
  return { code: FAILED, error: errorLike ? (error as Error) : new Error(String(error)) };
}

/** Whether `result` is a failed export. */
export function isExportFailure(result: ExportResult): boolean {
  return result.code === FAILED;
}
