import { generationBatchChannel } from '../channels/generation-channel';
import type { GenerationBatchRequest, GenerationResponse, Usage } from '../types/payloads';
import { sumUsage } from '../usage/sum-usage';
import type { GenerationOptions } from './generation-options';
import { isolateCallback } from './isolate-callback';
import { batchPreCallPayload } from './pre-call-payload';
import { type CallPhases, runTraced } from './traced-call';

/** What `toResponses` gives the batch hooks. */
export interface BatchResponses {
  responses: GenerationResponse[];
  /** Usage of the whole request; default: the sum of the responses' usage. */
  usage?: Usage;
}

const NO_RESPONSES: BatchResponses = Object.freeze({ responses: [] }) as unknown as BatchResponses;

type ToResponses = (result: unknown) => BatchResponses;

const BATCH_PHASES: CallPhases<ToResponses> = {
  pre: 'generation_batch_pre_call',
  post: 'generation_batch_post_call',
  error: 'generation_batch_error',
  channel: generationBatchChannel,
  prePayload: batchPreCallPayload,
  errorPayload: (generationId, error, cancelled, latencyMs) => ({
    generationId,
    error,
    cancelled,
    latencyMs,
  }),
  postPayload: (generationId, result, toResponses, latencyMs) => {
    const out = isolateCallback(toResponses, 'toResponses', toResponses, result, NO_RESPONSES);
    const responses = Array.isArray(out?.responses) ? out.responses : [];
    const usage = out?.usage ?? sumUsage(responses.map((r) => r?.usage));
    return { generationId, responses, usage, latencyMs };
  },
};

/**
 * Runs one provider request that carries several prompts between `generation_batch_pre_call`
 * and `generation_batch_post_call` (or `generation_batch_error`): one pair per request, with
 * `size`; usage is `toResponses(...).usage` or the sum of the responses' usage. With no
 * subscriber, `call` runs directly.
 *
 * @returns the call's own result; on failure, rejects with the call's very error object.
 */
export function runGenerationBatch<T>(
  request: GenerationBatchRequest,
  call: (signal?: AbortSignal) => Promise<T>,
  toResponses: (result: T) => BatchResponses,
  opts?: GenerationOptions,
): Promise<T> {
  return runTraced(BATCH_PHASES, request, call, toResponses as ToResponses, opts);
}
