import { isTruthySwitch } from './baggage-trust';

// The MELLEA_* switch rule lives with the baggage-trust rule, shared with @mellea/exporter-langfuse.
export { isTruthySwitch };

const CONTENT_CAPTURE_OVERRIDE = Symbol.for('mellea.instrumentation-flows.content-capture.v1');

/** OTel boolean semantics: only `true` (any case) is true. */
export function isOtelTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

/**
 * Whether tracing is switched on by the environment: `MELLEA_TRACES_ENABLED` is truthy and
 * `OTEL_SDK_DISABLED` is not `true`.
 */
export function isTracingEnabled(): boolean {
  return isTruthySwitch(process.env.MELLEA_TRACES_ENABLED) && !isOtelTrue(process.env.OTEL_SDK_DISABLED);
}

/**
 * Sets (or with `undefined` clears) the process-wide content-capture choice made in code
 * (`setupTracing({ captureContent })`, `MelleaInstrumentation`). Shared across copies of this
 * package through a versioned global symbol.
 */
export function setContentCaptureOverride(value: boolean | undefined): void {
  (globalThis as Record<symbol, unknown>)[CONTENT_CAPTURE_OVERRIDE] = value;
}

/**
 * Whether message content (prompts, completions, tool arguments and results) may be recorded:
 * the choice made in code if any, else `MELLEA_TRACES_CONTENT` (truthy) or
 * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` (`true`, `SPAN_ONLY`, `SPAN_AND_EVENT`).
 */
export function isContentCaptureEnabled(): boolean {
  const override = (globalThis as Record<symbol, unknown>)[CONTENT_CAPTURE_OVERRIDE];
  if (typeof override === 'boolean') return override;
  return isContentCaptureEnabledByEnv();
}

/**
 * The content-capture choice made in code (see {@link setContentCaptureOverride}), or
 * `undefined` when none was made. Cheap: no environment read, for per-call checks.
 */
export function getContentCaptureOverride(): boolean | undefined {
  const override = (globalThis as Record<symbol, unknown>)[CONTENT_CAPTURE_OVERRIDE];
  return typeof override === 'boolean' ? override : undefined;
}

/** The environment's content-capture setting alone (see {@link isContentCaptureEnabled}). */
export function isContentCaptureEnabledByEnv(): boolean {
  if (isTruthySwitch(process.env.MELLEA_TRACES_CONTENT)) return true;
  const otel = process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toUpperCase();
  return otel === 'TRUE' || otel === 'SPAN_ONLY' || otel === 'SPAN_AND_EVENT';
}

/** `OTEL_SEMCONV_STABILITY_OPT_IN` contains `gen_ai_latest_experimental`. */
export function isLatestGenAiSemconv(): boolean {
  const optIn = process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
  if (!optIn) return false;
  return optIn.split(',').some((v) => v.trim() === 'gen_ai_latest_experimental');
}
