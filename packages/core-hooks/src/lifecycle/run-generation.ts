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

class GenerationRun<T> {
  private t0 = 0;

  constructor(
    private readonly bus: BusLike,
    private readonly generationId: string,
    private readonly call: (signal?: AbortSignal) => Promise<T>,
    private readonly toResponse: (result: T) => GenerationResponse,
    private readonly signal: AbortSignal | undefined,
  ) {}

  begin(request: GenerationRequest): Promise<T> {
    let er: unknown;
    try {
      // The id first: `{ ...request, generationId }` falls off a V8 fast path (~10× slower).
      er = this.bus.emit('generation_pre_call', { generationId: this.generationId, ...request });
    } catch (e) {
      return this.preFailed(e);
    }
    if (isThenable<EmitResult>(er))
      return Promise.resolve(er).then(
        (r) => this.invoke(r),
        (e) => this.preFailed(e),
      );
    return this.invoke(er as EmitResult);
  }

  private invoke(er: EmitResult): Promise<T> {
    this.t0 = monotonicNow();
    let p: Promise<T>;
    try {
      const signal = this.signal;
      p = signal === undefined ? er.run(this.call) : er.run(() => this.call(signal));
    } catch (e) {
      return this.failed(e);
    }
    return Promise.resolve(p).then(
      (v) => this.succeeded(v),
      (e) => this.failed(e),
    );
  }

  private succeeded(result: T): T | Promise<T> {
    const latencyMs = monotonicNow() - this.t0;
    if (!this.bus.hasSubscribers('generation_post_call')) return result;
    const response = isolateCallback(this.toResponse, 'toResponse', this.toResponse, result, NO_RESPONSE);
    return emitSuccess(
      this.bus,
      'generation_post_call',
      { generationId: this.generationId, response, latencyMs },
      result,
    );
  }

  private failed(error: unknown): Promise<never> {
    const latencyMs = this.t0 === 0 ? 0 : monotonicNow() - this.t0;
    if (!this.bus.hasSubscribers('generation_error')) return Promise.reject(error);
    const payload = {
      generationId: this.generationId,
      error,
      cancelled: isCancellation(error, this.signal),
      source: 'call' as const,
      latencyMs,
    };
    try {
      return emitFailureAndRethrow(this.bus, 'generation_error', payload, error);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** pre_call failed: a strict HookPhaseError skips the call; anything else is logged and the call runs. */
  private preFailed(e: unknown): Promise<T> {
    if (isHookPhaseError(e)) return this.failed(e);
    logWarn('[@mellea/core-hooks] emitting generation_pre_call failed; the call runs untraced:', e);
    return this.invoke(PASS_THROUGH);
  }
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
  const id = opts?.generationId ?? newGenerationId();
  return new GenerationRun(bus, id, call, toResponse, opts?.signal).begin(request);
}
