import type { HookType } from '../types/hook-types';
import type { EmitResult, HookReturn } from '../types/plugin';
import { awaitWithTimeout } from './await-with-timeout';
import { composeArounds, PASS_THROUGH } from './emit-result';
import type { FailureReporter } from './failure-reporter';
import { type HookFailure, HookPhaseError } from './hook-phase-error';

type Around = <U>(fn: () => U) => U;

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
 * One emit: calls the handlers in order, collects `around`s and strict failures. Stays
 * synchronous unless an awaited (blocking or strict) handler returns a promise.
 */
export class Dispatch {
  private arounds: Around[] | undefined;
  private plugins: string[] | undefined;
  private failures: HookFailure[] | undefined;

  constructor(
    private readonly type: HookType,
    private readonly list: readonly HandlerEntry[],
    private readonly payload: unknown,
    private readonly reporter: FailureReporter,
  ) {}

  /** Starts with an `around` the bus already collected from an earlier handler. */
  seed(around: Around | undefined, plugin: string | undefined): this {
    if (around !== undefined) {
      this.arounds = [around];
      this.plugins = [plugin!];
    }
    return this;
  }

  /** Continues after handler `i` threw `err` (the bus ran handlers 0..i itself). */
  failedAt(i: number, err: unknown): EmitResult | Promise<EmitResult> {
    this.fail(this.list[i], err);
    return this.runFrom(i + 1);
  }

  /** Continues by awaiting the promise handler `i` (blocking or strict) returned. */
  awaitAt(i: number, pending: PromiseLike<unknown>): Promise<EmitResult> {
    return this.awaitThenContinue(this.list[i], pending, i);
  }

  /** Continues after handler `i` returned a second `around` (the bus ran handlers 0..i itself). */
  aroundAt(i: number, around: Around): EmitResult | Promise<EmitResult> {
    this.addAround(this.list[i].plugin, around);
    return this.runFrom(i + 1);
  }

  runFrom(i: number): EmitResult | Promise<EmitResult> {
    const list = this.list;
    for (; i < list.length; i++) {
      const e = list[i];
      // Reading the returned value is inside the try: a throwing getter is a handler failure.
      try {
        const ret: unknown = e.handler.call(e.owner, this.payload);
        if (ret === undefined || ret === null || typeof ret !== 'object') continue;
        if (typeof (ret as PromiseLike<unknown>).then === 'function') {
          // awaitThenContinue is async: it never throws here.
          if (e.awaited) return this.awaitThenContinue(e, ret as PromiseLike<unknown>, i);
          (ret as PromiseLike<unknown>).then(undefined, e.onRejected);
          continue;
        }
        this.take(e, ret as HookReturn);
      } catch (err) {
        this.fail(e, err);
      }
    }
    return this.finish();
  }

  private async awaitThenContinue(e: HandlerEntry, pending: PromiseLike<unknown>, i: number) {
    try {
      const v = await awaitWithTimeout(pending, e.timeoutMs, `${e.plugin} ${this.type} handler`);
      if (v !== undefined && v !== null && typeof v === 'object') this.take(e, v as HookReturn);
    } catch (err) {
      this.fail(e, err);
    }
    return this.runFrom(i + 1);
  }

  private take(e: HandlerEntry, ret: HookReturn): void {
    const around = ret.around;
    if (typeof around === 'function') this.addAround(e.plugin, around);
  }

  private addAround(plugin: string, around: Around): void {
    if (this.arounds === undefined) {
      this.arounds = [around];
      this.plugins = [plugin];
    } else {
      this.arounds.push(around);
      this.plugins!.push(plugin);
    }
  }

  private fail(e: HandlerEntry, err: unknown): void {
    if (!e.strict) this.reporter.warnOnce(e.plugin, this.type, err);
    else if (this.failures === undefined) this.failures = [{ plugin: e.plugin, error: err }];
    else this.failures.push({ plugin: e.plugin, error: err });
  }

  private finish(): EmitResult {
    if (this.failures !== undefined) throw new HookPhaseError(this.type, this.failures);
    if (this.arounds === undefined) return PASS_THROUGH;
    return composeArounds(this.arounds, this.plugins, this.reporter, `${this.type} around`);
  }
}
