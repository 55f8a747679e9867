import type { ExportResult, ExportResultCode } from '@opentelemetry/core';

// The numeric codes of `@opentelemetry/core`'s ExportResultCode, so that importing this package
// does not load the SDK's core module.
const SUCCESS = 0 as ExportResultCode;
const FAILED = 1 as ExportResultCode;

/** A successful export. */
export function exportSucceeded(): ExportResult {
  return { code: SUCCESS };
}

/** A failed export, carrying what went wrong. */
export function exportFailed(error: unknown): ExportResult {
  return { code: FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}
