const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The OTLP export timeout in milliseconds, as the exporters read it:
 * `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` › `OTEL_EXPORTER_OTLP_TIMEOUT` › 10 000.
 */
export function exportTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return (
    positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ??
    positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT) ??
    DEFAULT_EXPORT_TIMEOUT_MS
  );
}
