/**
 * `@mellea/exporter-langfuse`: Langfuse OTLP span processor and exporter.
 *
 * `LangfuseSpanProcessor` sends LLM spans (this project's, any span with `gen_ai.*` attributes,
 * known LLM instrumentations') to Langfuse's OTLP endpoint with session, user, tags, trace name
 * and metadata from `@mellea/instrumentation-flows`' trace context, as copies carrying Langfuse's
 * attributes; `LangfuseExporter` is the underlying OTLP/HTTP exporter.
 *
 * @packageDocumentation
 */
export { LangfuseExporter, type LangfuseExporterOptions } from './export/langfuse-exporter';
export { isDefaultExportSpan } from './processor/default-span-filter';
export {
  LangfuseSpanProcessor,
  type LangfuseSpanProcessorOptions,
} from './processor/langfuse-span-processor';
