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
