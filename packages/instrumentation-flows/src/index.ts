/**
 * `@mellea/instrumentation-flows`: OpenTelemetry GenAI spans and metrics for frameworks that
 * emit `@mellea/core-hooks` generation events, flow/agent/tool spans, session/user trace
 * context, and set-up from the environment or in code.
 *
 * @packageDocumentation
 */

// --- config ---
export { isContentCaptureEnabled, isTracingEnabled } from './config/env-flags';
export type { TraceContext } from './context/trace-context';
// --- trace context ---
export { getTraceContext, TRACE_CONTEXT_KEY, withTraceContext } from './context/trace-context';

// --- plugin ---

// --- flows ---

// --- collectors ---

// --- setup ---
