import type { Attributes } from '@opentelemetry/api';
import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_MELLEA_REQUEST_ACTION_INDEX,
  ATTR_MELLEA_REQUEST_NUM_ACTIONS,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
} from '../semconv';

/** A batch span's content folded into one observation input and output. */
export interface BatchContent {
  /** JSON array: every item's input messages, in item order (`null` where an item has none). */
  input?: string;
  /** JSON array: every item's output messages, in item order (`null` where an item has none). */
  output?: string;
  /** The span's events with the per-item messages left out (they are in `input`/`output` now). */
  events: TimedEvent[];
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value; // cut or foreign text: kept as the string it is
  }
}

function isItemEvent(event: TimedEvent): boolean {
  const attrs = event?.attributes;
  return (
    event?.name === EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS &&
    attrs !== undefined &&
    (attrs[ATTR_GEN_AI_INPUT_MESSAGES] !== undefined || attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] !== undefined)
  );
}

function withoutMessages(attrs: Attributes | undefined): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k !== ATTR_GEN_AI_INPUT_MESSAGES && k !== ATTR_GEN_AI_OUTPUT_MESSAGES) out[k] = v;
  }
  return out;
}

/**
 * Langfuse reads a span's input and output from its first operation-details event only, so a
 * batch would show its first prompt and answer alone. For a batch span (one carrying
 * `mellea.request.num_actions`, or more than one operation-details event with messages), this
 * folds every item's `gen_ai.input.messages` / `gen_ai.output.messages` into one JSON array each,
 * ordered by `mellea.request.action_index` (else event order), and returns the events without
 * those messages, so the payload is sent once. `undefined` for any other span. Never throws on odd
 * input; the events given are not modified.
 */
export function foldBatchContent(
  attributes: Readonly<Record<string, unknown>> | undefined,
  events: readonly TimedEvent[] | undefined,
): BatchContent | undefined {
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const items = events.filter(isItemEvent);
  const isBatch = attributes?.[ATTR_MELLEA_REQUEST_NUM_ACTIONS] !== undefined || items.length > 1;
  if (!isBatch || items.length === 0) return undefined;
  const ordered = items
    .map((event, position) => {
      const index = event.attributes?.[ATTR_MELLEA_REQUEST_ACTION_INDEX];
      return { event, order: typeof index === 'number' && Number.isFinite(index) ? index : position };
    })
    .sort((a, b) => a.order - b.order);
  const inputs = ordered.map(({ event }) => parsed(event.attributes?.[ATTR_GEN_AI_INPUT_MESSAGES]));
  const outputs = ordered.map(({ event }) => parsed(event.attributes?.[ATTR_GEN_AI_OUTPUT_MESSAGES]));
  const content: BatchContent = {
    events: events.map((event) =>
      isItemEvent(event) ? { ...event, attributes: withoutMessages(event.attributes) } : event,
    ),
  };
  if (inputs.some((i) => i !== null)) content.input = JSON.stringify(inputs);
  if (outputs.some((o) => o !== null)) content.output = JSON.stringify(outputs);
  return content;
}
