import { type Context, context, type Span } from '@opentelemetry/api';
import { endFlowSpan } from './end-flow-span';

interface SpanState {
  span: Span;
  ended: boolean;
  /** Epoch ms of the last activity: the end time given to an abandoned span. */
  lastActivity: number;
}

// An iterable dropped before it ended (never iterated, or left mid-way) is garbage: its span
// ends at the time it was last touched, so nothing waits for an end that will never come.
const abandoned = new FinalizationRegistry<SpanState>((state) => {
  if (state.ended) return;
  state.ended = true;
  endFlowSpan(state.span, false, undefined, state.lastActivity);
});

/** `true` for values with a `Symbol.asyncIterator` method. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/**
 * An async iterator over `source` that keeps `span` open while it is consumed: each step runs
 * in the span's context (so spans started by the producer are its children), and the span ends
 * when the iteration ends, breaks (`return()`), throws, or the iterator is garbage-collected
 * without having ended.
 */
export class TracedAsyncIterable<T> implements AsyncIterableIterator<T> {
  readonly #source: AsyncIterable<T>;
  readonly #ctx: Context;
  readonly #state: SpanState;
  #iterator: AsyncIterator<T> | undefined;

  constructor(source: AsyncIterable<T>, span: Span, ctx: Context) {
    this.#source = source;
    this.#ctx = ctx;
    this.#state = { span, ended: false, lastActivity: Date.now() };
    abandoned.register(this, this.#state, this.#state);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(...args: [] | [unknown]): Promise<IteratorResult<T>> {
    if (this.#state.ended) return this.#open().next(...args);
    try {
      const iterator = this.#open();
      const result = await context.with(this.#ctx, () => iterator.next(...args));
      if (result.done) this.#end(false);
      else this.#state.lastActivity = Date.now();
      return result;
    } catch (error) {
      this.#end(true, error);
      throw error;
    }
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    const iterator = this.#iterator;
    try {
      const result =
        iterator?.return !== undefined
          ? await context.with(this.#ctx, () => iterator.return!(value))
          : ({ done: true, value } as IteratorResult<T>);
      this.#end(false);
      return result;
    } catch (error) {
      this.#end(true, error);
      throw error;
    }
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    let iterator: AsyncIterator<T>;
    try {
      iterator = this.#open();
    } catch (thrown) {
      this.#end(true, thrown);
      throw thrown;
    }
    if (iterator.throw === undefined) {
      // No way to hand the error to the producer: close it, and the error ends the iteration.
      try {
        await iterator.return?.();
      } finally {
        this.#end(true, error);
      }
      throw error;
    }
    try {
      const result = await context.with(this.#ctx, () => iterator.throw!(error));
      if (result.done) this.#end(false);
      return result;
    } catch (thrown) {
      this.#end(true, thrown);
      throw thrown;
    }
  }

  #open(): AsyncIterator<T> {
    if (this.#iterator === undefined) {
      this.#iterator = context.with(this.#ctx, () => this.#source[Symbol.asyncIterator]());
    }
    return this.#iterator;
  }

  #end(failed: boolean, error?: unknown): void {
    const state = this.#state;
    if (state.ended) return;
    state.ended = true;
    abandoned.unregister(state);
    endFlowSpan(state.span, failed, error);
  }
}
