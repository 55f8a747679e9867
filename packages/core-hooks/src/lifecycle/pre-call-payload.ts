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
 * type a compile error here, the payload classes `implements` the same keys, and the test checks
 * from this list that each one is copied.
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
 * A pre-call payload: the generation id and the request's `GenerationRequest` fields, copied
 * into one fixed shape. Fields the request does not have are present with the value `undefined`;
 * fields `GenerationRequest` does not declare are not carried (framework-specific data goes in
 * `attributes`, which is).
 *
 * Why not `{ generationId, ...request }`: a spread copies through V8's generic path and keeps
 * most fields in a separate backing store; in `pnpm bench` that copy was about 4% of a whole traced
 * generation. Assigning the declared fields in a constructor is several times cheaper and gives
 * every handler one monomorphic shape.
 */
class PreCallPayload implements Record<keyof GenerationPreCallPayload, unknown> {
  // `declare`: assigned once in the constructor, not defined as `undefined` first.
  declare generationId: string;
  declare operation: unknown;
  declare provider: unknown;
  declare model: unknown;
  declare params: unknown;
  declare stream: unknown;
  declare outputType: unknown;
  declare server: unknown;
  declare inProcess: unknown;
  declare messages: unknown;
  declare systemInstructions: unknown;
  declare toolDefinitions: unknown;
  declare attributes: unknown;

  constructor(generationId: string, r: Loose) {
    this.generationId = generationId;
    this.operation = r.operation;
    this.provider = r.provider;
    this.model = r.model;
    this.params = r.params;
    this.stream = r.stream;
    this.outputType = r.outputType;
    this.server = r.server;
    this.inProcess = r.inProcess;
    this.messages = r.messages;
    this.systemInstructions = r.systemInstructions;
    this.toolDefinitions = r.toolDefinitions;
    this.attributes = r.attributes;
  }
}

/** The batch pre-call payload: a {@link PreCallPayload} with the batch's `size` and `prompts`. */
class BatchPreCallPayload
  extends PreCallPayload
  implements Record<keyof GenerationBatchPreCallPayload, unknown>
{
  declare size: unknown;
  declare prompts: unknown;

  constructor(generationId: string, r: Loose) {
    super(generationId, r);
    this.size = r.size;
    this.prompts = r.prompts;
  }
}

/** The `generation_pre_call` payload of `request` (see {@link PreCallPayload}). */
export function generationPreCallPayload(
  generationId: string,
  request: GenerationRequest,
): GenerationPreCallPayload {
  return new PreCallPayload(generationId, request as unknown as Loose) as GenerationPreCallPayload;
}

/** The `generation_batch_pre_call` payload of `request` (see {@link PreCallPayload}). */
export function batchPreCallPayload(
  generationId: string,
  request: GenerationRequest,
): GenerationBatchPreCallPayload {
  return new BatchPreCallPayload(generationId, request as unknown as Loose) as GenerationBatchPreCallPayload;
}
