import { PASS_THROUGH } from '../bus/emit-result';
import { hooks } from '../bus/global-bus';
import { isHookPhaseError } from '../bus/hook-phase-error';
import { logWarn } from '../logger/hook-logger';
import type { GenerationRequest, GenerationResponse, Usage } from '../types/payloads';
import type { EmitResult } from '../types/plugin';
import { sumUsage } from '../usage/sum-usage';
import { isCancellation } from './classify-cancellation';
import { type BusLike, emitFailureAndRethrow, emitSuccess } from './emit-terminal';
import type { GenerationOptions } from './generation-options';
import { isThenable } from './is-thenable';
import { isolateCallback } from './isolate-callback';
import { monotonicNow } from './monotonic-clock';
import { newGenerationId } from './new-generation-id';

/** What `toResponses` gives the batch hooks. */
export interface BatchResponses {
  responses: GenerationResponse[];
  /** Usage of the whole request; default: the sum of the responses' usage. */
  usage?: Usage;
}

const NO_RESPONSES: BatchResponses = Object.freeze({ responses: [] }) as unknown as BatchResponses;

function failed(
  bus: BusLike,
  generationId: string,
  error: unknown,
  signal: AbortSignal | undefined,
  latencyMs: number,
): Promise<never> {
  if (!bus.hasSubscribers('generation_batch_error')) throw error;
  const payload = { generationId, error, cancelled: isCancellation(error, signal), latencyMs };
  return emitFailureAndRethrow(bus, 'generation_batch_error', payload, error);
}

async function traced<T>(
  bus: BusLike,
  generationId: string,
  request: GenerationRequest & { size: number },
  call: (signal?: AbortSignal) => Promise<T>,
  toResponses: (result: T) => BatchResponses,
  signal: AbortSignal | undefined,
): Promise<T> {
  let er: EmitResult = PASS_THROUGH;
  try {
    // The id first: `{ ...request, generationId }` falls off a V8 fast path (~10× slower).
    const r = bus.emit('generation_batch_pre_call', { generationId, ...request }) as
      | EmitResult
      | Promise<EmitResult>;
    er = isThenable<EmitResult>(r) ? await r : r;
  } catch (e) {
    if (isHookPhaseError(e)) return failed(bus, generationId, e, signal, 0);
    logWarn('[@mellea/core-hooks] emitting generation_batch_pre_call failed; the call runs untraced:', e);
  }
  const t0 = monotonicNow();
  let result: T;
  try {
    result = await (signal === undefined ? er.run(call) : er.run(() => call(signal)));
  } catch (error) {
    return failed(bus, generationId, error, signal, monotonicNow() - t0);
  }
  const latencyMs = monotonicNow() - t0;
  if (!bus.hasSubscribers('generation_batch_post_call')) return result;
  const out = isolateCallback(toResponses, 'toResponses', toResponses, result, NO_RESPONSES);
  const responses = Array.isArray(out?.responses) ? out.responses : [];
  const usage = out?.usage ?? sumUsage(responses.map((r) => r?.usage));
  return emitSuccess(
    bus,
    'generation_batch_post_call',
    { generationId, responses, usage, latencyMs },
    result,
  );
}

/**
 * Runs one provider request that carries several prompts between `generation_batch_pre_call`
 * and `generation_batch_post_call` (or `generation_batch_error`): one pair per request, with
 * `size`; usage is `toResponses(...).usage` or the sum of the responses' usage. With no
 * subscriber, `call` runs directly.
 *
 * @returns the call's own result; on failure, rejects with the call's very error object.
 */
export function runGenerationBatch<T>(
  request: GenerationRequest & { size: number },
  call: (signal?: AbortSignal) => Promise<T>,
  toResponses: (result: T) => BatchResponses,
  opts?: GenerationOptions,
): Promise<T> {
  const bus = opts?.bus ?? hooks;
  if (
    !bus.hasSubscribers('generation_batch_pre_call') &&
    !bus.hasSubscribers('generation_batch_post_call') &&
    !bus.hasSubscribers('generation_batch_error')
  ) {
    try {
      return call(opts?.signal);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return traced(bus, opts?.generationId ?? newGenerationId(), request, call, toResponses, opts?.signal);
}
