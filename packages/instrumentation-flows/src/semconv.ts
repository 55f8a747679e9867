/**
 * Vendored semantic-convention names (GenAI conventions as released in semantic-conventions
 * v1.41, plus the names on the GenAI conventions' main branch used under
 * `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`).
 *
 * Like OTel contrib's instrumentation-openai, we copy the names we use rather than depend on
 * `@opentelemetry/semantic-conventions/incubating`, whose incubating entry is not stable.
 * Every attribute, event and metric name this package emits lives here.
 */

/** Schema URL of the semantic-conventions release we follow by default. */
export const SEMCONV_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.41.0';

// --- GenAI: operation and provider -------------------------------------------------------
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';

export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW = 'invoke_workflow';
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';

// --- GenAI: request ----------------------------------------------------------------------
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';

// --- GenAI: response and usage ------------------------------------------------------------
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Finish reason of a choice that failed, was cancelled or ended early (GenAI conventions main). */
export const GEN_AI_FINISH_REASON_VALUE_ERROR = 'error';
export const GEN_AI_FINISH_REASON_VALUE_STOP = 'stop';
/** Message roles and the text part type of the `gen_ai.input.messages` / `.output.messages` schema. */
export const GEN_AI_MESSAGE_ROLE_VALUE_USER = 'user';
export const GEN_AI_MESSAGE_ROLE_VALUE_ASSISTANT = 'assistant';
export const GEN_AI_MESSAGE_PART_TYPE_VALUE_TEXT = 'text';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** v1.41 name; `gen_ai.usage.cache_write.input_tokens` under the latest-experimental opt-in. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';

// --- GenAI: content (opt-in) ---------------------------------------------------------------
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details';

// --- GenAI: agents, workflows, tools -------------------------------------------------------
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
export const ATTR_GEN_AI_PROMPT_VERSION = 'gen_ai.prompt.version';

// --- General ---------------------------------------------------------------------------------
export const ATTR_ERROR_TYPE = 'error.type';
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';
/** `error.type` of a generation that was cancelled (aborted, or a stream the consumer stopped). */
export const ERROR_TYPE_VALUE_CANCELLED = 'cancelled';
/** `error.type` of a generation span ended by us: no terminal event came in time, or too many were open. */
export const ERROR_TYPE_VALUE_ABANDONED = 'abandoned';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
/** Resource: the service's logical name. */
export const ATTR_SERVICE_NAME = 'service.name';
/** Neutral session/user keys (OpenTelemetry `session.id`, `user.id`). */
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_USER_ID = 'user.id';
/** OpenInference tag list, read natively by Langfuse and Phoenix. */
export const ATTR_TAG_TAGS = 'tag.tags';

// --- Baggage (withTraceContext({ propagate }), trustBaggage) ----------------------------------
/** W3C baggage keys carrying the trace context across services: the attribute names themselves. */
export const BAGGAGE_SESSION_ID = ATTR_SESSION_ID;
export const BAGGAGE_USER_ID = ATTR_USER_ID;
/** The tags as a JSON array of strings. */
export const BAGGAGE_TAGS = ATTR_TAG_TAGS;
/** The keys Langfuse's `propagateAttributes({ asBaggage: true })` sends (JS and Python SDKs); read too. */
export const BAGGAGE_LANGFUSE_SESSION_ID = 'langfuse_session_id';
export const BAGGAGE_LANGFUSE_USER_ID = 'langfuse_user_id';

// --- Metrics ---------------------------------------------------------------------------------
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK =
  'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK =
  'gen_ai.client.operation.time_per_output_chunk';
// GenAI conventions main branch (under the latest-experimental opt-in).
export const METRIC_GEN_AI_CLIENT_INFERENCE_DURATION = 'gen_ai.client.inference.duration';
export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK =
  'gen_ai.client.inference.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK =
  'gen_ai.client.inference.time_per_output_chunk';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS = 'gen_ai.client.inference.usage.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS =
  'gen_ai.client.inference.usage.output_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_read.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_write.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS =
  'gen_ai.client.inference.usage.reasoning.output_tokens';
/** Per-operation token histograms (latest experimental). */
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS =
  'gen_ai.client.inference.operation.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS =
  'gen_ai.client.inference.operation.output_tokens';
/** Required on the usage counters (latest experimental); `unknown` when the provider gives no breakdown. */
export const ATTR_GEN_AI_TOKEN_MODALITY = 'gen_ai.token.modality';
export const GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN = 'unknown';
/**
 * The operations of the `gen_ai.client.inference` span: under the latest-experimental opt-in their
 * metrics are the `gen_ai.client.inference.*` ones; every other operation (embeddings, ...) records
 * `gen_ai.client.operation.duration`.
 */
export const GEN_AI_INFERENCE_OPERATION_NAMES: ReadonlySet<string> = new Set([
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
]);
export const UNIT_SECONDS = 's';
export const UNIT_TOKENS = '{token}';

/** Bucket advice for the duration and chunk-time histograms (seconds, doubling). */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** Bucket advice for the token-usage histogram (powers of 4). */
export const TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

// --- This project's own (mellea.*) ---------------------------------------------------------
export const ATTR_MELLEA_GENERATION_ID = 'mellea.generation.id';
export const ATTR_MELLEA_REQUEST_NUM_ACTIONS = 'mellea.request.num_actions';
/** Position of a batch item, on its `gen_ai.client.inference.operation.details` event. */
export const ATTR_MELLEA_REQUEST_ACTION_INDEX = 'mellea.request.action_index';
export const ATTR_MELLEA_USAGE_TOTAL_TOKENS = 'mellea.usage.total_tokens';
export const ATTR_MELLEA_STEP_NAME = 'mellea.step.name';
/** What went into a workflow or step (JSON), recorded with content capture on. */
export const ATTR_MELLEA_FLOW_INPUT = 'mellea.flow.input';
/** What a workflow or step returned (JSON), recorded with content capture on. */
export const ATTR_MELLEA_FLOW_OUTPUT = 'mellea.flow.output';
export const ATTR_MELLEA_EDGE_FROM = 'mellea.edge.from';
export const ATTR_MELLEA_EDGE_TO = 'mellea.edge.to';
export const EVENT_MELLEA_EDGE_TRAVERSAL = 'edge_traversal';
export const ATTR_MELLEA_TRACE_NAME = 'mellea.trace.name';
export const ATTR_MELLEA_TRACE_METADATA_PREFIX = 'mellea.trace.metadata.';
