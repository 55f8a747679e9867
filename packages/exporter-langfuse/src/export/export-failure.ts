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

// One failure passes through up to three layers (the exporter, the processor's mapping exporter,
// the SDK processor's rejected flush); the first that reports it marks the error, the others stay quiet.
const reported = new WeakSet<object>();

/** Marks `error` as reported (a warning or debug line was written for it) and returns it. */
export function markReported<E extends object>(error: E): E {
  reported.add(error);
  return error;
}

/** Whether a layer already reported `error`. */
export function isReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}
