import { consumerAbortError } from './classify-cancellation';
import type { StreamState } from './stream-state';

/**
 * The stream the consumer iterates. It holds only its state; abandoned-stream detection
 * registers this object, never the state, so the registry does not keep it alive.
 *
 * Every call into the provider's stream runs inside the plugins' `around` (the span's context):
 * `start` (in the helper), each `next()`, and `return()`/`throw()` forwarded to the provider. So a
 * request the provider opens at any pull (lazily at the first, or a next page, a reconnect) is a
 * child of the span, and so is whatever the provider logs while it reads.
 */
export class TracedStream<C> implements AsyncIterableIterator<C> {
  constructor(private readonly state: StreamState<C>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<C>> {
    const s = this.state;
    if (s.done) return Promise.resolve({ done: true, value: undefined });
    const signal = s.signal;
    if (signal?.aborted) return this.abortedBySignal(signal);
    let p: Promise<IteratorResult<C>>;
    try {
      p = s.er.run(s.pull);
    } catch (e) {
      return s.onError(e);
    }
    return (typeof p?.then === 'function' ? p : Promise.resolve(p)).then(s.onResult, s.onError);
  }

  return(value?: unknown): Promise<IteratorResult<C>> {
    const s = this.state;
    const ended = s.done
      ? Promise.resolve()
      : s.stopByConsumer(consumerAbortError('stream consumer stopped before the end'));
    return ended.then(() => this.closeProvider(value));
  }

  throw(error?: unknown): Promise<IteratorResult<C>> {
    const s = this.state;
    const ended = s.done ? Promise.resolve() : s.stopByConsumer(error);
    return ended.then(() => {
      const it = s.iterator;
      if (it?.throw !== undefined) return s.er.run(() => it.throw!(error));
      return this.closeProvider(undefined).then(() => Promise.reject(error));
    });
  }

  private abortedBySignal(signal: AbortSignal): Promise<IteratorResult<C>> {
    const reason = signal.reason;
    const s = this.state;
    return s
      .stopBySignal(reason)
      .then(() => this.closeProvider(undefined))
      .then(() => Promise.reject(reason));
  }

  private closeProvider(value: unknown): Promise<IteratorResult<C>> {
    const s = this.state;
    const it = s.iteratorToClose();
    const done: IteratorResult<C> = { done: true, value: value as C };
    if (it?.return === undefined) return Promise.resolve(done);
    return Promise.resolve(s.er.run(() => it.return!(value))).then(() => done);
  }
}
