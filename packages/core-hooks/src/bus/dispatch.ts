import type { HookType } from '../types/hook-types';
import type { EmitResult, HookReturn } from '../types/plugin';
import { composeArounds, PASS_THROUGH, SingleAround } from './emit-result';
import type { FailureReporter } from './failure-reporter';
import { type HookFailure, HookPhaseError } from './hook-phase-error';

type Around = <U>(fn: () => U) => U;

const PRE_CALL_AROUND = 'generation_pre_call around';

/** One subscribed handler, resolved at registration. */
export interface HandlerEntry {
  readonly plugin: string;
  readonly owner: object;
  readonly handler: (payload: unknown) => unknown;
  /** strict mode: failures are collected into a HookPhaseError. */
  readonly strict: boolean;
  /** blocking or strict: a returned promise is awaited (up to timeoutMs) before the next handler. */
  readonly awaited: boolean;
  readonly timeoutMs: number;
  /** Reports a rejection of an unawaited promise (built once per registration, not per emit). */
  readonly onRejected: (error: unknown) => void;
}

/**
 * Calls the handlers of one emit in order, from index `from`, and returns what the emit returns.
 * Stays synchronous unless an awaited (blocking or strict) handler returns a promise.
 *
 * While handlers return nothing, an unawaited promise or a single `around`, nothing is allocated
 * but the result; the first throw, awaited promise or second `around` opens a {@link Dispatch}
 * (`state`) that holds the rest of the emit. Reading the returned value (`then`, `around`) is
 * inside the try: a throwing getter is a failing handler, never an exception out of emit.
 */
export function dispatch(
  type: HookType,
  list: readonly HandlerEntry[],
  payload: unknown,
  reporter: FailureReporter,
  from: number,
  state: Dispatch | undefined,
): EmitResult | Promise<EmitResult> {
  let single: SingleAround | undefined;
  for (let i = from; i < list.length; i++) {
    const e = list[i];
    let a: unknown;
    let ret: unknown;
    try {
      ret = e.handler.call(e.owner, payload);
      if (ret === undefined || ret === null || typeof ret !== 'object') continue;
      if (typeof (ret as PromiseLike<unknown>).then === 'function') {
        if (e.awaited) {
          state ??= new Dispatch(type, list, payload, reporter, single);
          // awaitThenContinue is async: it never throws here.
          return state.awaitThenContinue(e, ret as PromiseLike<unknown>, i);
        }
        (ret as PromiseLike<unknown>).then(undefined, e.onRejected);
        continue;
      }
      a = (ret as HookReturn).around;
    } catch (err) {
      state ??= new Dispatch(type, list, payload, reporter, single);
      state.fail(e, err);
      continue;
    }
    if (typeof a !== 'function') continue;
    const wrapper = new SingleAround(a as Around, ret as object, e.plugin, reporter, aroundHook(type));
    if (state === undefined) {
      if (single === undefined) {
        single = wrapper;
        continue;
      }
      state = new Dispatch(type, list, payload, reporter, single);
    }
    state.addAround(wrapper);
  }
  if (state !== undefined) return state.finish();
  return single ?? PASS_THROUGH;
}

function aroundHook(type: HookType): string {
  return type === 'generation_pre_call' ? PRE_CALL_AROUND : `${type} around`;
}

/** The state of one emit once it needs some: its `around`s and strict failures. */
class Dispatch {
  /** The `around`s returned so far, in priority order. */
  arounds: SingleAround[] | undefined;
  failures: HookFailure[] | undefined;

  constructor(
    readonly type: HookType,
    readonly list: readonly HandlerEntry[],
    readonly payload: unknown,
    readonly reporter: FailureReporter,
    first: SingleAround | undefined,
  ) {
    if (first !== undefined) this.arounds = [first];
  }

  async awaitThenContinue(e: HandlerEntry, pending: PromiseLike<unknown>, i: number): Promise<EmitResult> {
    try {
      const v = await awaitWithTimeout(pending, e.timeoutMs, `${e.plugin} ${this.type} handler`);
      if (v !== undefined && v !== null && typeof v === 'object') {
        const around = (v as HookReturn).around;
        if (typeof around === 'function')
          this.addAround(new SingleAround(around, v, e.plugin, this.reporter, aroundHook(this.type)));
      }
    } catch (err) {
      this.fail(e, err);
    }
    return dispatch(this.type, this.list, this.payload, this.reporter, i + 1, this);
  }

  addAround(around: SingleAround): void {
    if (this.arounds === undefined) this.arounds = [around];
    else this.arounds.push(around);
  }

  fail(e: HandlerEntry, err: unknown): void {
    if (!e.strict) this.reporter.warnOnce(e.plugin, this.type, err);
    else if (this.failures === undefined) this.failures = [{ plugin: e.plugin, error: err }];
    else this.failures.push({ plugin: e.plugin, error: err });
  }

  finish(): EmitResult {
    if (this.failures !== undefined) throw new HookPhaseError(this.type, this.failures);
    return composeArounds(this.arounds);
  }
}

/** The error an awaited handler fails with when it outlives its `timeoutMs`. */
export class HookTimeoutError extends Error {
  override readonly name = 'HookTimeoutError';
}

/**
 * Awaits a blocking handler's promise for at most `ms`. The timer is cleared as soon as the
 * promise settles; while pending it keeps the process alive (the one timer allowed to).
 */
export function awaitWithTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HookTimeoutError(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
