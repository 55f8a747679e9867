/**
 * The codes of `@opentelemetry/core`'s `ExportResultCode` (the same on both SDK lines), so that
 * this package does not load the SDK's core module.
 */
export const ExportResultCode = { SUCCESS: 0, FAILED: 1 } as const;
