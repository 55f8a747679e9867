import { isExportFailure } from '../local-export/export-result';
import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import type { SetupWarner } from './setup-warnings';
import { ENDPOINT_UNREACHABLE } from './unreachable-endpoint-agent';

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code !== ENDPOINT_UNREACHABLE && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return error === undefined ? 'no reason given' : String(error);
}

/** The warning for a failed export: its key (one warning per key) and text. */
export interface FailedExportNotice {
  key: string;
  message: string;
}

/** The usual notice: names `destination` and what went wrong. */
export function failedExportNotice(destination: string): (error: Error | undefined) => FailedExportNotice {
  return (error) => ({
    key: `export-failed:${destination}`,
    message:
      `exporting spans to ${destination} failed (${describeError(error)}); spans are being dropped. ` +
      'Further failures are not reported.',
  });
}

/**
 * Wraps an exporter of the set-up we build so that the first failed export of each notice key
 * (collector down, credentials rejected, unwritable file) gives one warning; later failures stay
 * quiet. With `stderrOnly` (an exporter that reports its own failures through the diag logger, as
 * `@mellea/exporter-langfuse`'s does) the notice only goes to stderr on the env-driven path. The
 * result still reaches the span processor unchanged.
 */
export function warnOnFailedExport(
  exporter: SpanExporter,
  warner: SetupWarner,
  notice: (error: Error | undefined) => FailedExportNotice,
  stderrOnly = false,
): SpanExporter {
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      exporter.export(spans, (result) => {
        if (isExportFailure(result)) {
          const { key, message } = notice(result.error);
          if (stderrOnly) warner.stderrOnce(key, message);
          else warner.warnOnce(key, message);
        }
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => (exporter.forceFlush ? exporter.forceFlush() : Promise.resolve()),
  };
}
