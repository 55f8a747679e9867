/**
 * `@mellea/exporter-langfuse`: Langfuse OTLP span processor and exporter.
 *
 * @packageDocumentation
 */
export {};
