import { consumerAbortError } from './classify-cancellation';
import type { StreamState } from './stream-state';

/**
 * The stream the consumer iterates. It holds only its state; abandoned-stream detection
 * registers this object, never the state, so the registry does not keep it alive.
 *
 * Which calls run inside the plugins' `around` (the span's context): `start` (in the helper),
 * every `next()` until the first chunk has arrived, and `return()`/`throw()` forwarded to the
 * provider. That is where a provider opens its request, lazily at the first pull included, so
 * the request is a child of the span. Once a chunk has arrived the response is open, and the
 * remaining pulls only read it: they run in the consumer's own context, at no per-chunk cost.
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
      p = s.chunkCount === 0 ? s.er.run(s.pull) : s.pull();
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
