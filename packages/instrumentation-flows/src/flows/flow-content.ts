import type { Span } from '@opentelemetry/api';
import { activeContentPolicy } from '../plugin/content/content-policy';
import { ContentRecorder } from '../plugin/content/content-recorder';
import { DEFAULT_MAX_CONTENT_LENGTH } from '../plugin/plugin-options';
import type { FlowSpanSpec } from './run-in-span';

/**
 * Options of {@link traceWorkflow}, {@link traceAgent} and {@link traceStep} (their fourth
 * argument).
 */
export interface FlowOptions {
  /**
   * What goes into the flow, recorded with the result of `fn` as its output — only while content
   * capture is on, through the same redactor and caps as generation content: on `invoke_agent`
   * spans as `gen_ai.input.messages` / `gen_ai.output.messages` (a value that is not semconv
   * messages already becomes one `user` / `assistant` message with a text part), on workflow and
   * step spans as `mellea.flow.input` / `mellea.flow.output` (JSON). The items of an async-iterable
   * result are not recorded (no output for it).
   */
  input?: unknown;
}

/** What a flow span records as content, and under which attribute names. */
export interface FlowContentSpec {
  inputKey: string;
  outputKey: string;
  /** The input; `undefined`: none recorded. */
  input: unknown;
  /** Shapes the input before it is recorded (e.g. into semconv messages). */
  toInput?: (value: unknown) => unknown;
  /** Shapes the result before it is recorded. */
  toOutput?: (value: unknown) => unknown;
  /** A string input or result is the attribute's text as it is (tool calls carry JSON text). */
  textAsGiven?: boolean;
}

function recorderInForce(): ContentRecorder | undefined {
  try {
    const policy = activeContentPolicy();
    if (policy.contentOn() !== true) return undefined;
    const max = policy.maxContentLength;
    const redact = typeof policy.redact === 'function' ? policy.redact : undefined;
    return new ContentRecorder(Number.isInteger(max) && max > 0 ? max : DEFAULT_MAX_CONTENT_LENGTH, redact);
  } catch {
    return undefined; // a policy that cannot be read records nothing
  }
}

/**
 * The `onStart` / `onResult` of a flow span that records its input and output through the content
 * policy in force (the registered plugin's switch, redactor and caps, else the content-capture
 * switch, `defaultRedactor` and the default caps): nothing when content capture is off. Only
 * recording spans get content; the result of an async-iterable `fn` is not recorded.
 */
export function flowContent(spec: FlowContentSpec): Pick<FlowSpanSpec, 'onStart' | 'onResult'> {
  const recorder = recorderInForce();
  if (recorder === undefined) return {};
  const record = (span: Span, key: string, value: unknown): void => {
    if (span.isRecording()) recorder.recordValue(span, key, value, spec.textAsGiven === true);
  };
  return {
    onStart:
      spec.input === undefined
        ? undefined
        : (span) => record(span, spec.inputKey, spec.toInput ? spec.toInput(spec.input) : spec.input),
    onResult: (span, value) => record(span, spec.outputKey, spec.toOutput ? spec.toOutput(value) : value),
  };
}
