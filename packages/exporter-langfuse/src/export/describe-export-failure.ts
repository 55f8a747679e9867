/** A failed export, classified for reporting. */
export interface ExportFailure {
  /** HTTP status when Langfuse answered, else undefined. */
  status?: number;
  /** Groups repeats: the status, the network error code, or the message. */
  kind: string;
  /** The error's message (not yet redacted). */
  message: string;
}

/** Classifies an export error (an `OTLPExporterError` with `code`, a network error, anything). */
export function describeExportFailure(error: unknown): ExportFailure {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  const message =
    typeof e.message === 'string' && e.message !== ''
      ? e.message
      : typeof error === 'string'
        ? error
        : 'unknown error';
  if (typeof e.code === 'number' && Number.isInteger(e.code)) {
    return { status: e.code, kind: `http ${e.code}`, message };
  }
  if (typeof e.code === 'string' && e.code !== '') return { kind: e.code, message };
  return { kind: message.slice(0, 80), message };
}
