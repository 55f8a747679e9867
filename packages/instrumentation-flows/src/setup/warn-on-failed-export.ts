import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import type { SetupWarner } from './setup-warnings';
import { ENDPOINT_UNREACHABLE } from './unreachable-endpoint-agent';

const FAILED = 1; // ExportResultCode.FAILED

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code !== ENDPOINT_UNREACHABLE && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return error === undefined ? 'no reason given' : String(error);
}

/**
 * Wraps an exporter of the set-up we build so that the first failed export (collector down,
 * credentials rejected, unwritable file) gives one warning naming `destination`; later failures
 * stay quiet. The result still reaches the span processor unchanged.
 */
export function warnOnFailedExport(
  exporter: SpanExporter,
  warner: SetupWarner,
  destination: string,
): SpanExporter {
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      exporter.export(spans, (result) => {
        if (result.code === FAILED) {
          warner.warnOnce(
            `export-failed:${destination}`,
            `exporting spans to ${destination} failed (${describeError(result.error)}); spans are being dropped. ` +
              'Further failures are not reported.',
          );
        }
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => (exporter.forceFlush ? exporter.forceFlush() : Promise.resolve()),
  };
}
