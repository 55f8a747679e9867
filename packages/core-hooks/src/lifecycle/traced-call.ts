import { PASS_THROUGH } from '../bus/emit-result';
import { hooks } from '../bus/global-bus';
import { isHookPhaseError } from '../bus/hook-phase-error';
import type { GenerationTracingChannel } from '../channels/generation-channel';
import { logWarn } from '../logger/hook-logger';
import type { HookType } from '../types/hook-types';
import type { GenerationRequest } from '../types/payloads';
import type { EmitResult, PayloadOf } from '../types/plugin';
import { isCancellation } from './classify-cancellation';
import { type BusLike, emitFailureAndRethrow, emitSuccess } from './emit-terminal';
import type { GenerationOptions } from './generation-options';
import { isThenable } from './is-thenable';
import { monotonicNow } from './monotonic-clock';
import { newGenerationId } from './new-generation-id';

/**
 * The three hooks of one kind of call (single generation or batch) and how its terminal payloads
 * are built. `M` is the framework's mapping callback (`toResponse` / `toResponses`).
 */
export interface CallPhases<M> {
  readonly pre: 'generation_pre_call' | 'generation_batch_pre_call';
  readonly post: 'generation_post_call' | 'generation_batch_post_call';
  readonly error: 'generation_error' | 'generation_batch_error';
  /** The diagnostics tracing channel this kind of call is published on. */
  readonly channel: GenerationTracingChannel;
  /** The pre hook's payload: the request's fields with the generation id. */
  prePayload(generationId: string, request: GenerationRequest): object;
  /** The error hook's payload. */
  errorPayload(generationId: string, error: unknown, cancelled: boolean, latencyMs: number): object;
  /** The post hook's payload; `map` is isolated there (a throw must not change the caller's result). */
  postPayload(generationId: string, result: unknown, map: M, latencyMs: number): object;
}

/**
 * Whether any plugin handles one of the phases, or the phases' diagnostics channel has a
 * subscriber; neither: the helper calls the provider directly.
 */
export function hasAnySubscriber(bus: BusLike, phases: CallPhases<unknown>): boolean {
  return (
    bus.hasSubscribers(phases.pre) ||
    bus.hasSubscribers(phases.post) ||
    bus.hasSubscribers(phases.error) ||
    phases.channel.active
  );
}

/** The channel message of one generation, or `undefined` when its channel has no subscriber. */
export function channelMessage(
  phases: CallPhases<unknown>,
  generationId: string,
  request: object,
): ChannelMessage {
  return phases.channel.active ? { generationId, request } : undefined;
}

/** One generation's diagnostics channel message (`undefined`: not published). */
export type ChannelMessage = Record<string, unknown> | undefined;

/** `payload` typed as the payload of `type` (the phases build it). */
function emitIn<K extends HookType>(_type: K, payload: object): PayloadOf<K> {
  return payload as PayloadOf<K>;
}

/**
 * Publishes the failure on the channel (with a `message`) and emits the error phase with `error`
 * (when subscribed), then rejects with `error` itself.
 */
export function failCall(
  bus: BusLike,
  phases: CallPhases<unknown>,
  generationId: string,
  error: unknown,
  signal: AbortSignal | undefined,
  latencyMs: number,
  message?: ChannelMessage,
): Promise<never> {
  const subscribed = bus.hasSubscribers(phases.error);
  if (!subscribed && message === undefined) return Promise.reject(error);
  const payload = phases.errorPayload(generationId, error, isCancellation(error, signal), latencyMs);
  if (message !== undefined) phases.channel.fail(message, payload);
  if (!subscribed) return Promise.reject(error);
  try {
    return emitFailureAndRethrow(bus, phases.error, emitIn(phases.error, payload), error);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * `runGeneration` / `runGenerationBatch`: with no subscriber for `phases`, `call` runs directly
 * (no id, no timers, no extra await); otherwise it is traced by {@link tracedCall}.
 */
export function runTraced<T, M>(
  phases: CallPhases<M>,
  request: GenerationRequest,
  call: (signal?: AbortSignal) => Promise<T>,
  map: M,
  opts: GenerationOptions | undefined,
): Promise<T> {
  const bus = opts?.bus ?? hooks;
  if (!hasAnySubscriber(bus, phases as CallPhases<unknown>)) {
    try {
      return call(opts?.signal);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const generationId = opts?.generationId ?? newGenerationId();
  const payload = phases.prePayload(generationId, request);
  const message = channelMessage(phases as CallPhases<unknown>, generationId, payload);
  return tracedCall(bus, phases, generationId, payload, call, map, opts?.signal, message);
}

/** `failCall`, or the rejection of whatever it threw (it never throws out of here). */
function rejectAfterError(
  bus: BusLike,
  phases: CallPhases<unknown>,
  generationId: string,
  error: unknown,
  signal: AbortSignal | undefined,
  latencyMs: number,
  message?: ChannelMessage,
): Promise<never> {
  try {
    return failCall(bus, phases, generationId, error, signal, latencyMs, message);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * One traced provider call: the pre phase (awaited only when a handler's promise must be), `call`
 * inside every `around`, then the post phase with `latencyMs` on the monotonic clock, or the error
 * phase with the call's very error, which is re-thrown. A strict `HookPhaseError` from the pre
 * phase skips the call and goes through the error phase; from the post phase it is thrown instead
 * of the result.
 *
 * Written with `.then`, not as an `async` function: under a promise-hook context manager (OTel's
 * AsyncLocalStorage one) every promise and `await` costs a hook call, and this way a generation
 * with synchronous plugins makes exactly the promises a hand-written instrumentation makes: the
 * call's own and one `.then` on it.
 */
function tracedCall<T, M>(
  bus: BusLike,
  phases: CallPhases<M>,
  generationId: string,
  prePayload: object,
  call: (signal?: AbortSignal) => Promise<T>,
  map: M,
  signal: AbortSignal | undefined,
  message: ChannelMessage,
): Promise<T> {
  let r: EmitResult | Promise<EmitResult>;
  try {
    // Synchronous unless a blocking or strict handler returned a promise.
    r = bus.emit(phases.pre, emitIn(phases.pre, prePayload)) as EmitResult | Promise<EmitResult>;
  } catch (e) {
    return preFailed(bus, phases, generationId, e, call, map, signal, message);
  }
  if (isThenable<EmitResult>(r))
    return Promise.resolve(r).then(
      (er) => callInside(bus, phases, generationId, er, call, map, signal, message),
      (e) => preFailed(bus, phases, generationId, e, call, map, signal, message),
    );
  return callInside(bus, phases, generationId, r, call, map, signal, message);
}

/**
 * The pre phase failed: a strict `HookPhaseError` skips the call (the channel, which never saw a
 * start, sees nothing); anything else runs it untraced by the plugins.
 */
function preFailed<T, M>(
  bus: BusLike,
  phases: CallPhases<M>,
  generationId: string,
  e: unknown,
  call: (signal?: AbortSignal) => Promise<T>,
  map: M,
  signal: AbortSignal | undefined,
  message: ChannelMessage,
): Promise<T> {
  if (isHookPhaseError(e))
    return rejectAfterError(bus, phases as CallPhases<unknown>, generationId, e, signal, 0);
  logWarn(`[@mellea/core-hooks] emitting ${phases.pre} failed; the call runs untraced:`, e);
  return callInside(bus, phases, generationId, PASS_THROUGH, call, map, signal, message);
}

/**
 * Runs `call` inside `er` (and inside the channel's `start` and `end` with a `message`), then
 * publishes the outcome on the channel and emits the post or the error phase.
 */
function callInside<T, M>(
  bus: BusLike,
  phases: CallPhases<M>,
  generationId: string,
  er: EmitResult,
  call: (signal?: AbortSignal) => Promise<T>,
  map: M,
  signal: AbortSignal | undefined,
  message: ChannelMessage,
): Promise<T> {
  const common = phases as CallPhases<unknown>;
  const t0 = monotonicNow();
  let pending: T | PromiseLike<T>;
  try {
    if (message === undefined) pending = signal === undefined ? er.run(call) : er.run(() => call(signal));
    else
      pending = phases.channel.run(message, () =>
        signal === undefined ? er.run(call) : er.run(() => call(signal)),
      );
  } catch (error) {
    return rejectAfterError(bus, common, generationId, error, signal, monotonicNow() - t0, message);
  }
  // Promise.resolve is the identity on a native promise; it adopts anything else as `await` would.
  return Promise.resolve(pending).then(
    (result) => {
      const latencyMs = monotonicNow() - t0;
      const subscribed = bus.hasSubscribers(phases.post);
      if (!subscribed && message === undefined) return result;
      const payload = phases.postPayload(generationId, result, map, latencyMs);
      if (message !== undefined) phases.channel.succeed(message, payload);
      if (!subscribed) return result;
      return emitSuccess(bus, phases.post, emitIn(phases.post, payload), result);
    },
    (error) => failCall(bus, common, generationId, error, signal, monotonicNow() - t0, message),
  );
}
