import { PASS_THROUGH } from '../bus/emit-result';
import { hooks } from '../bus/global-bus';
import { isHookPhaseError } from '../bus/hook-phase-error';
import { logWarn } from '../logger/hook-logger';
import type { GenerationRequest, GenerationResponse } from '../types/payloads';
import type { EmitResult } from '../types/plugin';
import { isCancellation } from './classify-cancellation';
import { type BusLike, emitFailureAndRethrow, emitSuccess } from './emit-terminal';
import type { GenerationOptions } from './generation-options';
import { isThenable } from './is-thenable';
import { isolateCallback } from './isolate-callback';
import { monotonicNow } from './monotonic-clock';
import { newGenerationId } from './new-generation-id';

const NO_RESPONSE: GenerationResponse = Object.freeze({});

function failed(
  bus: BusLike,
  generationId: string,
  error: unknown,
  signal: AbortSignal | undefined,
  latencyMs: number,
): Promise<never> {
  if (!bus.hasSubscribers('generation_error')) throw error;
  const payload = {
    generationId,
    error,
    cancelled: isCancellation(error, signal),
    source: 'call' as const,
    latencyMs,
  };
  return emitFailureAndRethrow(bus, 'generation_error', payload, error);
}

async function traced<T>(
  bus: BusLike,
  generationId: string,
  request: GenerationRequest,
  call: (signal?: AbortSignal) => Promise<T>,
  toResponse: (result: T) => GenerationResponse,
  signal: AbortSignal | undefined,
): Promise<T> {
  let er: EmitResult = PASS_THROUGH;
  try {
    // Synchronous unless a blocking or strict handler returned a promise.
    const r = bus.emit('generation_pre_call', { generationId, ...request }) as
      | EmitResult
      | Promise<EmitResult>;
    er = isThenable<EmitResult>(r) ? await r : r;
  } catch (e) {
    if (isHookPhaseError(e)) return failed(bus, generationId, e, signal, 0);
    logWarn('[@mellea/core-hooks] emitting generation_pre_call failed; the call runs untraced:', e);
  }
  const t0 = monotonicNow();
  let result: T;
  try {
    result = await (signal === undefined ? er.run(call) : er.run(() => call(signal)));
  } catch (error) {
    return failed(bus, generationId, error, signal, monotonicNow() - t0);
  }
  const latencyMs = monotonicNow() - t0;
  if (!bus.hasSubscribers('generation_post_call')) return result;
  const response = isolateCallback(toResponse, 'toResponse', toResponse, result, NO_RESPONSE);
  return emitSuccess(bus, 'generation_post_call', { generationId, response, latencyMs }, result);
}

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
  const bus = opts?.bus ?? hooks;
  if (
    !bus.hasSubscribers('generation_pre_call') &&
    !bus.hasSubscribers('generation_post_call') &&
    !bus.hasSubscribers('generation_error')
  ) {
    try {
      return call(opts?.signal);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return traced(bus, opts?.generationId ?? newGenerationId(), request, call, toResponse, opts?.signal);
}
