import { type Tracer, trace } from '@opentelemetry/api';
import { isLatestGenAiSemconv } from '../config/env-flags';
import { SEMCONV_SCHEMA_URL } from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';

/**
 * The tracer for flow spans, asked of the global tracer provider at each span so that a provider
 * registered after this package was loaded is used. Same scope as the plugin's tracer: this
 * package's name and version, and the v1.41 schema URL unless the latest-experimental GenAI
 * conventions are opted into.
 */
export function getFlowTracer(): Tracer {
  const schemaUrl = isLatestGenAiSemconv() ? undefined : SEMCONV_SCHEMA_URL;
  return trace
    .getTracerProvider()
    .getTracer(PACKAGE_NAME, PACKAGE_VERSION, schemaUrl ? { schemaUrl } : undefined);
}
