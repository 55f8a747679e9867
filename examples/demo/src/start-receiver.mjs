// @ts-check
// The loopback OTLP receiver (tools/otlp-receiver) is TypeScript: load it through tsx.
import { tsImport } from 'tsx/esm/api';

/**
 * Starts the in-process OTLP/HTTP receiver on 127.0.0.1.
 * @returns {Promise<import('@mellea/test-otlp-receiver').OtlpReceiver>}
 */
export async function startReceiver() {
  const { startOtlpReceiver } = await tsImport('@mellea/test-otlp-receiver', import.meta.url);
  return startOtlpReceiver();
}
