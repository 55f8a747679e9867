/**
 * `@mellea/instrumentation-flows`: OpenTelemetry GenAI spans and metrics for frameworks that
 * emit `@mellea/core-hooks` generation events, flow/agent/tool spans, session/user trace
 * context, and set-up from the environment or in code.
 *
 * @packageDocumentation
 */

// --- config ---

export { isContentCaptureEnabled, isTracingEnabled } from './config/env-flags';

// --- trace context ---

export type { TraceContext } from './context/trace-context';
export { getTraceContext, TRACE_CONTEXT_KEY, withTraceContext } from './context/trace-context';
export {
  TraceContextSpanProcessor,
  type TraceContextSpanProcessorOptions,
} from './context/trace-context-span-processor';

// --- plugin ---

export { BackendTracingPlugin } from './plugin/backend-tracing-plugin';
export type { BackendTracingPluginOptions } from './plugin/plugin-options';
export { defaultRedactor, type Redactor } from './plugin/redact/default-redactor';

// --- flows ---

export type { FlowOptions } from './flows/flow-content';
export { traceAgent } from './flows/trace-agent';
export { recordEdge, traceStep } from './flows/trace-step';
export { type TraceToolOptions, traceTool } from './flows/trace-tool';
export { traceWorkflow } from './flows/trace-workflow';

// --- local export: exporters and a processor for development ---

export type { TraceNode } from './local-export/build-trace-tree';
export { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from './local-export/console-tree-exporter';
export { FileSpanExporter, type FileSpanExporterOptions } from './local-export/file-span-exporter';
export {
  InMemoryTraceCollector,
  type InMemoryTraceCollectorOptions,
} from './local-export/in-memory-trace-collector';

// --- setup ---

export { MelleaInstrumentation, type MelleaInstrumentationConfig } from './setup/mellea-instrumentation';
export { type SetupOptions, setupTracing } from './setup/setup-tracing';
export type { TracingHandle } from './setup/tracing-handle';

import { autoSetup } from './setup/env-setup';

// With MELLEA_TRACES_ENABLED truthy, importing the package sets tracing up (once); unset: nothing.
autoSetup();
