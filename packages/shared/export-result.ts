// Shared by @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

/**
 * The codes of `@opentelemetry/core`'s `ExportResultCode` (the same on both SDK lines), so that
 * loading these packages does not load the SDK's core module (an optional peer).
 */
export const ExportResultCode = { SUCCESS: 0, FAILED: 1 } as const;

/** The outcome of one export, as `@opentelemetry/core`'s `ExportResult`. */
interface Outcome {
  code: number;
  error?: Error;
}

/** A successful export. */
export function exportSucceeded(): Outcome {
  return { code: ExportResultCode.SUCCESS };
}

/** A failed export, carrying what went wrong. */
export function exportFailed(error: unknown): Outcome {
  // Duck-typed: errors from another realm (a vm context, a test runner) fail `instanceof Error`.
  const errorLike =
    typeof error === 'object' && error !== null && typeof (error as Error).message === 'string';
  return { code: ExportResultCode.FAILED, error: errorLike ? (error as Error) : new Error(String(error)) };
}

/** Whether `result` is a failed export. */
export function isExportFailure(result: Outcome): boolean {
  return result.code === ExportResultCode.FAILED;
}
