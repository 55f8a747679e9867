import type { EmitResult } from '../types/plugin';
import type { FailureReporter } from './failure-reporter';
import { guardAround } from './guard-around';

type Around = <U>(fn: () => U) => U;

/** The result of an emit without any `around`: `run(fn)` is `fn()`. */
export const PASS_THROUGH: EmitResult = Object.freeze({
  run<T>(fn: () => T): T {
    return fn();
  },
});

/**
 * One returned `around`, called as a method of `owner` (the object the handler returned):
 * `run(fn)` calls it with the guarded `fn`.
 */
export class SingleAround implements EmitResult {
  constructor(
    private readonly around: Around,
    private readonly owner: object,
    private readonly plugin: string,
    private readonly reporter: FailureReporter,
    private readonly hook: string,
  ) {}

  run<T>(fn: () => T): T {
    return guardAround(this.around, this.owner, fn, this.reporter, this.plugin, this.hook);
  }
}

/** Several `around`s: the first (lowest priority value) is the outermost. */
class NestedArounds implements EmitResult {
  constructor(private readonly arounds: readonly SingleAround[]) {}

  run<T>(fn: () => T): T {
    return this.runFrom(0, fn);
  }

  private runFrom<T>(i: number, fn: () => T): T {
    const inner = i === this.arounds.length - 1 ? fn : () => this.runFrom(i + 1, fn);
    return this.arounds[i].run(inner);
  }
}

/** The {@link EmitResult} of the `around`s collected in one emit, in priority order. */
export function composeArounds(arounds: readonly SingleAround[] | undefined): EmitResult {
  if (arounds === undefined) return PASS_THROUGH;
  return arounds.length === 1 ? arounds[0] : new NestedArounds(arounds);
}
