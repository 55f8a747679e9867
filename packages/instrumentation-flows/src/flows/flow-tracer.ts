import { type Tracer, trace } from '@opentelemetry/api';
import { isLatestGenAiSemconv } from '../config/env-flags';
import { setUpTracerProvider } from '../context/set-up-tracer-provider';
import { SEMCONV_SCHEMA_URL } from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';

/**
 * The tracer for flow spans, asked for at each span so that a provider registered after this
 * package was loaded is used: while a set-up made by this package is active, the provider its
 * generation spans go to (so a workflow wrapping the very first generation is recorded, in the
 * same trace); else the global one. Same scope as the plugin's tracer: this package's name and
 * version, and the v1.41 schema URL unless the latest-experimental GenAI conventions are opted into.
 */
export function getFlowTracer(): Tracer {
  const schemaUrl = isLatestGenAiSemconv() ? undefined : SEMCONV_SCHEMA_URL;
  const provider = setUpTracerProvider() ?? trace.getTracerProvider();
  return provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION, schemaUrl ? { schemaUrl } : undefined);
}
