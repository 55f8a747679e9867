import {
  GEN_AI_FINISH_REASON_VALUE_STOP,
  GEN_AI_MESSAGE_PART_TYPE_VALUE_TEXT,
  GEN_AI_MESSAGE_ROLE_VALUE_ASSISTANT,
  GEN_AI_MESSAGE_ROLE_VALUE_USER,
} from '../semconv';

/** Messages of the semconv schema already: an array of objects with a string `role` and `parts`. */
function isMessageList(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        m !== null &&
        typeof m === 'object' &&
        typeof (m as { role?: unknown }).role === 'string' &&
        Array.isArray((m as { parts?: unknown }).parts),
    )
  );
}

/** A text part: a string as it is, anything else as its JSON text (redacted and cut like any string). */
function textPart(value: unknown): { type: string; content: unknown } {
  let content: unknown = value;
  if (typeof value !== 'string') {
    try {
      content = JSON.stringify(value) ?? String(value);
    } catch {
      content = value; // a cycle or a bigint: the serializer makes it safe
    }
  }
  return { type: GEN_AI_MESSAGE_PART_TYPE_VALUE_TEXT, content };
}

/**
 * An agent's input as `gen_ai.input.messages`: semconv messages as they are, anything else as one
 * `user` message with a text part. `undefined` stays `undefined` (nothing recorded).
 */
export function toAgentInputMessages(value: unknown): unknown {
  if (value === undefined || isMessageList(value)) return value;
  return [{ role: GEN_AI_MESSAGE_ROLE_VALUE_USER, parts: [textPart(value)] }];
}

/**
 * An agent's result as `gen_ai.output.messages`: semconv messages as they are, anything else as
 * one `assistant` message with a text part and finish reason `stop`. `undefined` stays `undefined`.
 */
export function toAgentOutputMessages(value: unknown): unknown {
  if (value === undefined || isMessageList(value)) return value;
  return [
    {
      role: GEN_AI_MESSAGE_ROLE_VALUE_ASSISTANT,
      parts: [textPart(value)],
      finish_reason: GEN_AI_FINISH_REASON_VALUE_STOP,
    },
  ];
}
