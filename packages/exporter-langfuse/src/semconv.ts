/**
 * Vendored attribute names this package reads (GenAI semantic conventions v1.41, the trace-context
 * keys of `@mellea/instrumentation-flows`) and writes (Langfuse's `langfuse.*` OTLP attributes).
 *
 * Like OTel contrib instrumentations, the names are copied rather than imported from
 * `@opentelemetry/semantic-conventions/incubating`, and this package does not depend on
 * `@mellea/instrumentation-flows`.
 */

// --- GenAI (read) ------------------------------------------------------------------------------
export const ATTR_GEN_AI_PREFIX = 'gen_ai.';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
export const ATTR_GEN_AI_PROMPT_VERSION = 'gen_ai.prompt.version';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
export const ATTR_ERROR_TYPE = 'error.type';
/** The per-item event of a batch span, carrying that item's input and output messages. */
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details';
export const ERROR_TYPE_VALUE_CANCELLED = 'cancelled';

/** `gen_ai.operation.name` values of inference (generation) spans. */
export const GEN_AI_GENERATION_OPERATIONS: ReadonlySet<string> = new Set([
  'chat',
  'text_completion',
  'generate_content',
]);
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const GEN_AI_AGENT_OPERATIONS: ReadonlySet<string> = new Set(['invoke_agent', 'create_agent']);
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';

// --- Trace context (read; written on span start) ------------------------------------------------
/** OTel context key holding `@mellea/instrumentation-flows`' trace context. */
export const TRACE_CONTEXT_KEY_NAME = 'mellea.trace-context.v1';
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_USER_ID = 'user.id';
/** Tags (string array), the OpenInference name. */
export const ATTR_TAG_TAGS = 'tag.tags';
export const ATTR_MELLEA_TRACE_NAME = 'mellea.trace.name';
/** Incoming W3C baggage keys read with `trustBaggage` (`@mellea/instrumentation-flows`' `propagate`, then Langfuse's). */
export const BAGGAGE_SESSION_ID = ATTR_SESSION_ID;
export const BAGGAGE_USER_ID = ATTR_USER_ID;
/** A JSON array of strings. */
export const BAGGAGE_TAGS = ATTR_TAG_TAGS;
export const BAGGAGE_LANGFUSE_SESSION_ID = 'langfuse_session_id';
export const BAGGAGE_LANGFUSE_USER_ID = 'langfuse_user_id';
export const ATTR_MELLEA_TRACE_METADATA_PREFIX = 'mellea.trace.metadata.';

// --- @mellea/instrumentation-flows' own (read) --------------------------------------------------
/** Workflow and step input / output (JSON), recorded with content capture on. */
export const ATTR_MELLEA_FLOW_INPUT = 'mellea.flow.input';
export const ATTR_MELLEA_FLOW_OUTPUT = 'mellea.flow.output';
/** The number of prompts of a batch span. */
export const ATTR_MELLEA_REQUEST_NUM_ACTIONS = 'mellea.request.num_actions';
/** A batch item's position, on its operation-details event. */
export const ATTR_MELLEA_REQUEST_ACTION_INDEX = 'mellea.request.action_index';

// --- Langfuse (written on the exported copies only) ---------------------------------------------
export const ATTR_LANGFUSE_SESSION_ID = 'langfuse.session.id';
export const ATTR_LANGFUSE_USER_ID = 'langfuse.user.id';
export const ATTR_LANGFUSE_TRACE_TAGS = 'langfuse.trace.tags';
export const ATTR_LANGFUSE_TRACE_NAME = 'langfuse.trace.name';
export const ATTR_LANGFUSE_TRACE_METADATA_PREFIX = 'langfuse.trace.metadata.';
export const ATTR_LANGFUSE_ENVIRONMENT = 'langfuse.environment';
export const ATTR_LANGFUSE_RELEASE = 'langfuse.release';
export const ATTR_LANGFUSE_OBSERVATION_TYPE = 'langfuse.observation.type';
export const ATTR_LANGFUSE_OBSERVATION_LEVEL = 'langfuse.observation.level';
export const ATTR_LANGFUSE_OBSERVATION_COMPLETION_START_TIME = 'langfuse.observation.completion_start_time';
export const ATTR_LANGFUSE_OBSERVATION_PROMPT_NAME = 'langfuse.observation.prompt.name';
export const ATTR_LANGFUSE_OBSERVATION_PROMPT_VERSION = 'langfuse.observation.prompt.version';
export const ATTR_LANGFUSE_OBSERVATION_INPUT = 'langfuse.observation.input';
export const ATTR_LANGFUSE_OBSERVATION_OUTPUT = 'langfuse.observation.output';
export const ATTR_LANGFUSE_INTERNAL_IS_APP_ROOT = 'langfuse.internal.is_app_root';

/** Observation types this package assigns (`langfuse.observation.type`). */
export type LangfuseObservationType = 'generation' | 'embedding' | 'agent' | 'tool' | 'span';
export const LANGFUSE_LEVEL_WARNING = 'WARNING';
