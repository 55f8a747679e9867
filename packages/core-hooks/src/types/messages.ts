/**
 * Message shapes of the GenAI semantic conventions' JSON schemas (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`). Field names follow the schemas
 * (snake_case) because tracing plugins record these objects as they are.
 */

/** A text part: `{ type: 'text', content }`. */
export interface TextPart {
  type: 'text';
  content: string;
}

/** A reasoning part: `{ type: 'reasoning', content }`. */
export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}

/** A tool call requested by the model. */
export interface ToolCallPart {
  type: 'tool_call';
  id?: string;
  name: string;
  arguments?: unknown;
}

/** The result of a tool call, sent back to the model. */
export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}

/** Inline binary data (image, audio, video, document). */
export interface BlobPart {
  type: 'blob';
  mime_type?: string;
  modality: string;
  content: string;
}

/** Data referenced by URI. */
export interface UriPart {
  type: 'uri';
  mime_type?: string;
  modality: string;
  uri: string;
}

/** Any other part type the schema allows (`server_tool_call`, `file`, ...). */
export interface GenericPart {
  type: string;
  [key: string]: unknown;
}

/** One part of a message. */
export type MessagePart =
  | TextPart
  | ReasoningPart
  | ToolCallPart
  | ToolCallResponsePart
  | BlobPart
  | UriPart
  | GenericPart;

/** An input (chat history) message: role plus parts. */
export interface InputMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {});
  parts: MessagePart[];
  name?: string;
}

/** A message produced by the model, with its finish reason. */
export interface OutputMessage {
  role: 'assistant' | (string & {});
  parts: MessagePart[];
  finish_reason?: 'stop' | 'length' | 'content_filter' | 'tool_call' | 'error' | (string & {});
}
