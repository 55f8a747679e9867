const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;
const DEFAULT_BSP_EXPORT_TIMEOUT_MS = 30_000;

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The OTLP export timeout in milliseconds, as the exporters read it:
 * `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` › `OTEL_EXPORTER_OTLP_TIMEOUT` › 10 000.
 */
export function otlpExportTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return (
    positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ??
    positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT) ??
    DEFAULT_EXPORT_TIMEOUT_MS
  );
}

/**
 * The time one export may take, in milliseconds: the OTLP export timeout
 * ({@link otlpExportTimeoutMs}), or the batch span processor's `OTEL_BSP_EXPORT_TIMEOUT` when that
 * is shorter (the processor gives up on an export then).
 */
export function exportTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return Math.min(
    otlpExportTimeoutMs(env),
    positiveInt(env.OTEL_BSP_EXPORT_TIMEOUT) ?? DEFAULT_BSP_EXPORT_TIMEOUT_MS,
  );
}
