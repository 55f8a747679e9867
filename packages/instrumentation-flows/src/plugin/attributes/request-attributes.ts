import type { Attributes } from '@opentelemetry/api';
import type { TraceContext } from '../../context/trace-context';
import { addTraceContextAttributes } from '../../context/trace-context-attributes';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_VERSION,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_MELLEA_GENERATION_ID,
  ATTR_MELLEA_REQUEST_NUM_ACTIONS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../../semconv';
import { int, num, stringsOf, text } from './payload-readers';
import { toAttributeValue } from './to-attribute-value';

/** What a span's start needs besides its attributes; filled by {@link requestAttributes}. */
export interface RequestInfo {
  operation: string;
  provider: string | undefined;
  model: string | undefined;
  serverAddress: string | undefined;
  serverPort: number | undefined;
}

type Loose = Record<string, unknown>;

function setParams(params: Loose, attrs: Attributes): void {
  let v = num(params.temperature);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_TEMPERATURE] = v;
  v = int(params.maxTokens);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = v;
  v = num(params.topP);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_TOP_P] = v;
  v = num(params.topK);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_TOP_K] = v;
  v = int(params.seed);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_SEED] = v;
  v = num(params.frequencyPenalty);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] = v;
  v = num(params.presencePenalty);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] = v;
  v = int(params.choiceCount);
  if (v !== undefined) attrs[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = v;
  if (params.stopSequences !== undefined) {
    const stop = stringsOf(params.stopSequences);
    if (stop !== undefined) attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop;
  }
}

/**
 * The start attributes of a generation span from a (possibly malformed) pre_call payload: the
 * request's own `attributes` first (so they cannot overwrite ours), then operation, provider,
 * model, request parameters, stream, output type, server, the active trace context (with
 * `gen_ai.conversation.id`, from `traceContext`), the generation id when asked for, and for batches the number of
 * actions. Fills `info` with what the span name, kind and metrics need.
 */
export function requestAttributes(
  payload: Loose,
  defaultOperation: string,
  batch: boolean,
  recordGenerationId: boolean,
  traceContext: TraceContext | undefined,
  info: RequestInfo,
): Attributes {
  const attrs: Attributes = {};
  const own = payload.attributes;
  if (own !== undefined && own !== null && typeof own === 'object' && !Array.isArray(own)) {
    for (const key of Object.keys(own)) {
      const value = toAttributeValue((own as Loose)[key]);
      if (value !== undefined && key !== '') attrs[key] = value;
    }
  }
  const operation = text(payload.operation) ?? defaultOperation;
  info.operation = operation;
  attrs[ATTR_GEN_AI_OPERATION_NAME] = operation;
  const provider = text(payload.provider);
  info.provider = provider;
  if (provider !== undefined) attrs[ATTR_GEN_AI_PROVIDER_NAME] = provider;
  const model = text(payload.model);
  info.model = model;
  if (model !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = model;
  const params = payload.params;
  if (params !== null && typeof params === 'object') setParams(params as Loose, attrs);
  if (payload.stream === true) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
  const outputType = text(payload.outputType);
  if (outputType !== undefined) attrs[ATTR_GEN_AI_OUTPUT_TYPE] = outputType;
  const server = payload.server;
  info.serverAddress = undefined;
  info.serverPort = undefined;
  if (server !== null && typeof server === 'object') {
    const address = text((server as Loose).address);
    if (address !== undefined) {
      info.serverAddress = address;
      attrs[ATTR_SERVER_ADDRESS] = address;
      const port = int((server as Loose).port);
      if (port !== undefined) {
        info.serverPort = port;
        attrs[ATTR_SERVER_PORT] = port;
      }
    }
  }
  if (traceContext !== undefined) addTraceContextAttributes(traceContext, 'genai', attrs);
  if (recordGenerationId) attrs[ATTR_MELLEA_GENERATION_ID] = payload.generationId as string;
  if (batch) {
    const size = int(payload.size);
    if (size !== undefined) attrs[ATTR_MELLEA_REQUEST_NUM_ACTIONS] = size;
  }
  return attrs;
}

/**
 * The span start attributes each batch item's `gen_ai.client.inference.operation.details` event
 * repeats: the event stands for one inference, and both registries give it the inference span's
 * required and conditionally required attributes (operation, provider, model, conversation id,
 * server, the request parameters).
 */
const EVENT_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_VERSION,
];

/** The attributes of a batch's per-item events taken from the span's start attributes. */
export function batchEventAttributes(start: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of EVENT_KEYS) {
    const value = start[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
