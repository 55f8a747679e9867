import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_MELLEA_REQUEST_ACTION_INDEX,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
} from '../../semconv';
import { stringsOf } from '../attributes/payload-readers';
import type { Redactor } from '../redact/default-redactor';
import { attributeLengthCap, envAttributeLengthLimit, setCappedAttribute } from './attribute-length-cap';
import { serializeMessages } from './serialize-messages';
import { textContent } from './text-content';
import { withFinishReasons } from './with-finish-reasons';

const MAX_BATCH_EVENTS = 1000;

type Loose = Record<string, unknown>;

/** A content field's value: content thunks are called here, and only here. */
function resolve(value: unknown): unknown {
  if (typeof value !== 'function') return value;
  try {
    return value();
  } catch {
    return undefined;
  }
}

/** `obj[key]`, or `undefined` when `obj` is no object or the read throws (a getter, a proxy). */
function field(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  try {
    return (obj as Loose)[key];
  } catch {
    return undefined;
  }
}

function array(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A response's output messages, each with its `finish_reason` (see {@link withFinishReasons}). */
function outputMessagesOf(response: unknown, fallbackReason: string | undefined): unknown {
  const messages = resolve(field(response, 'outputMessages'));
  if (messages === undefined || messages === null) return undefined;
  try {
    return withFinishReasons(messages, array(field(response, 'finishReasons')), fallbackReason);
  } catch {
    return messages; // a message that cannot be copied: recorded as it is
  }
}

/**
 * Writes content onto recording spans as JSON strings — the semconv messages
 * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`,
 * `gen_ai.tool.definitions`), tool arguments and results, flow input and output — redacted and
 * cut to the limits: the one content-recording path of generation, tool and flow spans. It is
 * called only when content capture is on and the span is recording, so thunks, the redactor and
 * the serializer never run otherwise.
 */
export class ContentRecorder {
  /** 4 × `maxContentLength`, bounded by the environment's attribute value length limit. */
  private readonly cap: number;

  constructor(
    private readonly maxContentLength: number,
    private readonly redact: Redactor | undefined,
  ) {
    this.cap = Math.min(4 * maxContentLength, envAttributeLengthLimit());
  }

  /** The request's messages, system instructions and tool definitions. */
  recordInput(span: Span, request: unknown): void {
    const cap = attributeLengthCap(this.cap, span);
    this.set(span, ATTR_GEN_AI_INPUT_MESSAGES, field(request, 'messages'), cap);
    this.set(span, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, field(request, 'systemInstructions'), cap);
    this.set(span, ATTR_GEN_AI_TOOL_DEFINITIONS, field(request, 'toolDefinitions'), cap);
  }

  /**
   * The response's output messages; one without a `finish_reason` gets the response's finish
   * reason at its position, else `fallbackReason` (`'error'` when the generation failed).
   */
  recordOutput(span: Span, response: unknown, fallbackReason: string | undefined): void {
    const cap = attributeLengthCap(this.cap, span);
    this.set(span, ATTR_GEN_AI_OUTPUT_MESSAGES, outputMessagesOf(response, fallbackReason), cap);
  }

  /**
   * A batch: one `gen_ai.client.inference.operation.details` event per item, with `common` (the
   * request's operation, provider, model, conversation, server and parameters; `error.type` when
   * the batch failed), that item's prompt and output messages, its response id, model and finish
   * reasons.
   */
  recordBatchItems(span: Span, prompts: unknown, responses: unknown, common: Attributes | undefined): void {
    const cap = attributeLengthCap(this.cap, span);
    const p = resolve(prompts);
    const inputs = Array.isArray(p) ? p : [];
    const outputs = Array.isArray(responses) ? responses : [];
    const n = Math.min(Math.max(inputs.length, outputs.length), MAX_BATCH_EVENTS);
    for (let i = 0; i < n; i++) {
      const attrs: Attributes = { ...common, [ATTR_MELLEA_REQUEST_ACTION_INDEX]: i };
      const input = i < inputs.length ? this.serialize(inputs[i], cap) : undefined;
      if (input !== undefined) attrs[ATTR_GEN_AI_INPUT_MESSAGES] = input;
      const response = outputs[i];
      const output = this.serialize(outputMessagesOf(response, undefined), cap);
      if (output !== undefined) attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] = output;
      const id = field(response, 'id');
      if (typeof id === 'string' && id !== '') attrs[ATTR_GEN_AI_RESPONSE_ID] = id;
      const model = field(response, 'model');
      if (typeof model === 'string' && model !== '') attrs[ATTR_GEN_AI_RESPONSE_MODEL] = model;
      const reasons = stringsOf(field(response, 'finishReasons'));
      if (reasons !== undefined && reasons.length > 0) attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reasons;
      span.addEvent(EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS, attrs);
    }
  }

  /**
   * Any value as JSON under `name` (flow input and output; tool arguments and results): every
   * string redacted and cut, the whole within the cap. With `textAsGiven`, a string is taken as
   * the attribute's text (tool calls carry JSON text already), redacted and capped. Nothing for
   * `undefined` or a value that cannot be read.
   */
  recordValue(span: Span, name: string, value: unknown, textAsGiven = false): void {
    if (value === undefined) return;
    const make =
      typeof value === 'string' && textAsGiven
        ? (max: number) => textContent(value, max, this.redact)
        : value === null
          ? () => 'null'
          : (max: number) => this.serialize(value, max);
    setCappedAttribute(span, name, attributeLengthCap(this.cap, span), make);
  }

  private set(span: Span, name: string, value: unknown, cap: number): void {
    const resolved = resolve(value);
    setCappedAttribute(span, name, cap, (max) => this.serialize(resolved, max));
  }

  private serialize(value: unknown, cap: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    return serializeMessages(value, {
      maxContentLength: this.maxContentLength,
      maxAttributeLength: cap,
      redact: this.redact,
    });
  }
}
