import type { IOtlpExportDelegate } from '@opentelemetry/otlp-exporter-base';
import { loadSdkPackage } from '../sdk/load-sdk-package';
import type { ReadableSpan } from '../sdk-types';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { unreachableEndpointAgentFactory } from './unreachable-endpoint-agent';

/** Langfuse's OTLP/HTTP traces route, appended to the base URL. */
export const LANGFUSE_OTLP_TRACES_PATH = '/api/public/otel/v1/traces';

/** What the delegate is built from; nothing else (in particular no environment variable). */
export interface LangfuseExportDelegateConfig {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  timeoutMs: number;
}

const COMPONENT_TYPE = 'otlp_http_json_span_exporter';

/**
 * The OTel OTLP/HTTP (JSON, hex ids) export delegate pointed at Langfuse, built from an explicit,
 * complete configuration. `OTLPTraceExporter` would merge `OTEL_EXPORTER_OTLP_*` settings meant for
 * the user's collector (headers, endpoint, timeout, compression, certificates) into every request;
 * going through `createOtlpHttpExportDelegate` directly with every field given means none of them
 * is read, so a collector's API key never reaches Langfuse (and Langfuse's keys never reach the
 * collector: they live only in this delegate). No self-observability metrics are recorded.
 */
export function createLangfuseExportDelegate(
  config: LangfuseExportDelegateConfig,
): IOtlpExportDelegate<ReadableSpan[]> {
  // The application's own OTLP packages (either SDK line: the same API), loaded only now.
  const { createOtlpHttpExportDelegate } = loadSdkPackage<
    typeof import('@opentelemetry/otlp-exporter-base/node-http')
  >('@opentelemetry/otlp-exporter-base/node-http');
  const { JsonTraceSerializer, TraceExporterMetricsHelper } = loadSdkPackage<
    typeof import('@opentelemetry/otlp-transformer')
  >('@opentelemetry/otlp-transformer');
  const authorization = `Basic ${Buffer.from(`${config.publicKey}:${config.secretKey}`).toString('base64')}`;
  return createOtlpHttpExportDelegate(
    {
      url: `${config.baseUrl}${LANGFUSE_OTLP_TRACES_PATH}`,
      // A fresh object per request: the transport adds User-Agent to it.
      headers: async () => ({
        'Content-Type': 'application/json',
        Authorization: authorization,
        'x-langfuse-ingestion-version': '4',
        'x-langfuse-sdk-name': PACKAGE_NAME,
        'x-langfuse-sdk-version': PACKAGE_VERSION,
      }),
      timeoutMillis: config.timeoutMs,
      concurrencyLimit: 30,
      compression: 'none',
      // Keep-alive agents that fail an export at once when the host is not there (no retry stall).
      agentFactory: unreachableEndpointAgentFactory(),
      userAgent: `${PACKAGE_NAME}/${PACKAGE_VERSION}`,
    },
    JsonTraceSerializer,
    COMPONENT_TYPE,
    TraceExporterMetricsHelper,
    undefined,
  );
}
