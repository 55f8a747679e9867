import { generationChannel } from '../channels/generation-channel';
import type { GenerationRequest, GenerationResponse } from '../types/payloads';
import type { GenerationOptions } from './generation-options';
import { isolateCallback } from './isolate-callback';
import { generationPreCallPayload } from './pre-call-payload';
import { type CallPhases, runTraced } from './traced-call';

const NO_RESPONSE: GenerationResponse = Object.freeze({});

type ToResponse = (result: unknown) => GenerationResponse;

/** The hooks of one generation and its terminal payloads (also used by the stream helper). */
export const GENERATION_PHASES: CallPhases<ToResponse> = {
  pre: 'generation_pre_call',
  post: 'generation_post_call',
  error: 'generation_error',
  channel: generationChannel,
  prePayload: generationPreCallPayload,
  errorPayload: (generationId, error, cancelled, latencyMs) => ({
    generationId,
    error,
    cancelled,
    source: 'call',
    latencyMs,
  }),
  postPayload: (generationId, result, toResponse, latencyMs) => ({
    generationId,
    response: isolateCallback(toResponse, 'toResponse', toResponse, result, NO_RESPONSE),
    latencyMs,
  }),
};

/**
 * Runs one provider call between `generation_pre_call` and `generation_post_call` (or
 * `generation_error`). `call` runs inside every plugin's `around`, so requests it starts are
 * children of the plugin's span. With no subscriber, `call` runs directly: no id, no timers,
 * no extra awaits.
 *
 * @param request what the framework knows before the call.
 * @param call the provider call; receives `opts.signal`.
 * @param toResponse maps the result for the hooks; a throw is logged, the caller still gets the result.
 * @returns the call's own result; on failure, rejects with the call's very error object.
 */
export function runGeneration<T>(
  request: GenerationRequest,
  call: (signal?: AbortSignal) => Promise<T>,
  toResponse: (result: T) => GenerationResponse,
  opts?: GenerationOptions,
): Promise<T> {
  return runTraced(GENERATION_PHASES, request, call, toResponse as ToResponse, opts);
}
