import type {
  GenerationBatchPreCallPayload,
  GenerationBatchRequest,
  GenerationPreCallPayload,
  GenerationRequest,
} from '../types/payloads';

type Loose = Record<string, unknown>;
type BatchOnly = Exclude<keyof GenerationBatchRequest, keyof GenerationRequest>;

/**
 * Every `GenerationRequest` field, once. `satisfies` makes a field added to or removed from the
 * type a compile error here (as the payload literals' types do below), and the test checks from
 * this list that each one is copied.
 */
export const REQUEST_FIELDS = Object.keys({
  operation: true,
  provider: true,
  model: true,
  params: true,
  stream: true,
  outputType: true,
  server: true,
  inProcess: true,
  messages: true,
  systemInstructions: true,
  toolDefinitions: true,
  attributes: true,
} satisfies Record<keyof GenerationRequest, true>) as readonly (keyof GenerationRequest)[];

/** The fields a `GenerationBatchRequest` adds to `GenerationRequest` (see {@link REQUEST_FIELDS}). */
export const BATCH_FIELDS = Object.keys({ size: true, prompts: true } satisfies Record<
  BatchOnly,
  true
>) as readonly BatchOnly[];

/**
 * The `generation_pre_call` payload of `request`: the generation id and the request's
 * `GenerationRequest` fields, each present (`undefined` when the request does not have it).
 * Fields `GenerationRequest` does not declare are not carried (framework-specific data goes in
 * `attributes`, which is). The literal's type makes a field missing here a compile error.
 */
export function generationPreCallPayload(
  generationId: string,
  request: GenerationRequest,
): GenerationPreCallPayload {
  const r = request as unknown as Loose;
  const payload: Record<keyof GenerationPreCallPayload, unknown> = {
    generationId,
    operation: r.operation,
    provider: r.provider,
    model: r.model,
    params: r.params,
    stream: r.stream,
    outputType: r.outputType,
    server: r.server,
    inProcess: r.inProcess,
    messages: r.messages,
    systemInstructions: r.systemInstructions,
    toolDefinitions: r.toolDefinitions,
    attributes: r.attributes,
  };
  return payload as GenerationPreCallPayload;
}

/** The `generation_batch_pre_call` payload of `request`: the pre-call payload with `size` and `prompts`. */
export function batchPreCallPayload(
  generationId: string,
  request: GenerationRequest,
): GenerationBatchPreCallPayload {
  const r = request as unknown as Loose;
  const batch: Record<BatchOnly, unknown> = { size: r.size, prompts: r.prompts };
  return Object.assign(
    generationPreCallPayload(generationId, request),
    batch,
  ) as GenerationBatchPreCallPayload;
}
