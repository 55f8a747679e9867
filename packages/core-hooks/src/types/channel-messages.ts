import type { DeepReadonly } from './deep-readonly';
import type {
  GenerationBatchPreCallPayload,
  GenerationPreCallPayload,
  GenerationResponse,
  Usage,
} from './payloads';

/**
 * The message published on the `mellea:generation` tracing channel: one object per generation,
 * the same object on `start`, `end`, `asyncStart`, `asyncEnd` and `error`. `generationId` and
 * `request` are set from `start` on; the fields of the terminal hook payload are added before
 * `asyncStart` (and `error`): on success `response` and `latencyMs`, on failure `error`,
 * `cancelled`, `source` and `latencyMs`; for streams also `timeToFirstChunkMs`, `chunkCount` and
 * the collected `response` (on failure the partial one, `finishReasons: ['error']`).
 */
export interface GenerationChannelMessage {
  generationId: string;
  /** The `generation_pre_call` payload (content fields may be functions: see `resolveContent`). */
  readonly request: DeepReadonly<GenerationPreCallPayload>;
  response?: GenerationResponse | Partial<GenerationResponse>;
  /** Wall time of the call (streams: until the stream ended), monotonic clock, milliseconds. */
  latencyMs?: number;
  /** Streams: from the call's start to the first chunk. */
  timeToFirstChunkMs?: number;
  /** Streams: chunks seen. */
  chunkCount?: number;
  /** The very error object the caller receives. */
  error?: unknown;
  /** Aborted, or a stream its consumer stopped or dropped. */
  cancelled?: boolean;
  /** `'consumer'`: the consumer stopped or dropped a stream (the helper made the error). */
  source?: 'call' | 'consumer';
}

/**
 * The message published on the `mellea:generation_batch` tracing channel: `generationId` and
 * `request`, then on success `responses`, `usage` and `latencyMs`, on failure `error`,
 * `cancelled` and `latencyMs`.
 */
export interface GenerationBatchChannelMessage {
  generationId: string;
  /** The `generation_batch_pre_call` payload. */
  readonly request: DeepReadonly<GenerationBatchPreCallPayload>;
  responses?: GenerationResponse[];
  usage?: Usage;
  latencyMs?: number;
  error?: unknown;
  cancelled?: boolean;
}
