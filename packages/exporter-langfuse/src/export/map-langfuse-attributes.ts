import type { Attributes, HrTime } from '@opentelemetry/api';
import type { TraceContextValue } from '../context/read-trace-context';
import { hrTimeToMs } from '../hr-time';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_VERSION,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_LANGFUSE_INTERNAL_IS_APP_ROOT,
  ATTR_LANGFUSE_OBSERVATION_COMPLETION_START_TIME,
  ATTR_LANGFUSE_OBSERVATION_INPUT,
  ATTR_LANGFUSE_OBSERVATION_LEVEL,
  ATTR_LANGFUSE_OBSERVATION_OUTPUT,
  ATTR_LANGFUSE_OBSERVATION_PROMPT_NAME,
  ATTR_LANGFUSE_OBSERVATION_PROMPT_VERSION,
  ATTR_LANGFUSE_OBSERVATION_TYPE,
  ERROR_TYPE_VALUE_CANCELLED,
  LANGFUSE_LEVEL_WARNING,
} from '../semconv';
import type { BatchContent } from './batch-content';
import { moveContentAttributes } from './move-content-attributes';
import { observationTypeOf } from './observation-type';
import { toAttributeValue } from './to-attribute-value';
import { traceLevelAttributes } from './trace-level-attributes';

/** Everything the mapping needs besides the attributes. */
export interface LangfuseMappingInput {
  /** The span's attributes (never modified). */
  attributes: Readonly<Record<string, unknown>>;
  startTime?: HrTime;
  scopeName?: string;
  /** The trace context active when the span started. */
  traceContext?: TraceContextValue;
  /** Decided at span start by the processor. */
  isAppRoot?: boolean;
  environment?: string;
  release?: string;
  /** A batch span's items folded into one input and output (see `foldBatchContent`). */
  batch?: BatchContent;
}

function completionStartTime(startTime: HrTime | undefined, ttfcSeconds: unknown): string | undefined {
  if (typeof ttfcSeconds !== 'number' || !Number.isFinite(ttfcSeconds) || ttfcSeconds < 0) return undefined;
  if (!Array.isArray(startTime) || typeof startTime[0] !== 'number' || typeof startTime[1] !== 'number')
    return undefined;
  const start = hrTimeToMs(startTime);
  if (!Number.isFinite(start)) return undefined;
  const at = new Date(start + ttfcSeconds * 1000);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

function promptVersion(value: unknown): string | number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/**
 * The attributes of the copy of a span sent to Langfuse: the span's own valid attribute values,
 * plus the trace-level `langfuse.*` keys, `langfuse.observation.type`, level `WARNING` for a
 * cancelled generation, `completion_start_time` (start + `gen_ai.response.time_to_first_chunk`),
 * the prompt link of generations, captured content moved to `langfuse.observation.input`/`output`
 * (for a batch, every item's prompt and answer in order), and `langfuse.internal.is_app_root`. A `langfuse.*` key the span already carries is kept as it
 * is. Pure: returns a new object, never throws on odd input, and every value is an attribute value
 * (primitives or arrays of them; never objects).
 */
export function mapLangfuseAttributes(input: LangfuseMappingInput): Attributes {
  const out: Record<string, unknown> = {};
  const source = input.attributes ?? {};
  for (const key of Object.keys(source)) {
    const value = toAttributeValue(source[key]);
    if (value !== undefined) out[key] = value;
  }
  const setIfAbsent = (key: string, value: unknown): void => {
    if (out[key] === undefined && value !== undefined) out[key] = value;
  };

  const traceLevel = traceLevelAttributes({
    attributes: out,
    traceContext: input.traceContext,
    environment: input.environment,
    release: input.release,
  });
  for (const [key, value] of Object.entries(traceLevel)) setIfAbsent(key, value);

  setIfAbsent(ATTR_LANGFUSE_OBSERVATION_TYPE, observationTypeOf(out, input.scopeName));
  const type = out[ATTR_LANGFUSE_OBSERVATION_TYPE];
  const inference = type === 'generation' || type === 'embedding';
  if (inference && out[ATTR_ERROR_TYPE] === ERROR_TYPE_VALUE_CANCELLED) {
    setIfAbsent(ATTR_LANGFUSE_OBSERVATION_LEVEL, LANGFUSE_LEVEL_WARNING);
  }
  setIfAbsent(
    ATTR_LANGFUSE_OBSERVATION_COMPLETION_START_TIME,
    completionStartTime(input.startTime, out[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]),
  );
  if (type === 'generation') {
    const name = out[ATTR_GEN_AI_PROMPT_NAME];
    if (typeof name === 'string' && name !== '') {
      setIfAbsent(ATTR_LANGFUSE_OBSERVATION_PROMPT_NAME, name);
      setIfAbsent(ATTR_LANGFUSE_OBSERVATION_PROMPT_VERSION, promptVersion(out[ATTR_GEN_AI_PROMPT_VERSION]));
    }
  }
  setIfAbsent(ATTR_LANGFUSE_OBSERVATION_INPUT, input.batch?.input);
  setIfAbsent(ATTR_LANGFUSE_OBSERVATION_OUTPUT, input.batch?.output);
  moveContentAttributes(out);
  if (input.isAppRoot === true) setIfAbsent(ATTR_LANGFUSE_INTERNAL_IS_APP_ROOT, true);
  return out as Attributes;
}
