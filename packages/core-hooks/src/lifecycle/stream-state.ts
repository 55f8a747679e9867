import { generationChannel } from '../channels/generation-channel';
import type { GenerationResponse } from '../types/payloads';
import type { EmitResult } from '../types/plugin';
import { consumerAbortError, isCancellation } from './classify-cancellation';
import { type BusLike, emitFailureAndRethrow, emitSuccess } from './emit-terminal';
import { isolateCallback, reportCallbackFailure } from './isolate-callback';
import { monotonicNow } from './monotonic-clock';
import type { ChannelMessage } from './traced-call';

/** How a stream's chunks become the response the hooks see. */
export interface StreamCollector<C> {
  /** Called with every chunk, in order, before the consumer sees it. */
  onChunk(chunk: C): void;
  /** The response assembled so far: at the natural end for post_call, or the partial one for an error. */
  response(): GenerationResponse;
}

const EMPTY: GenerationResponse = Object.freeze({});

/**
 * Everything about one traced stream except the wrapper the consumer holds, so a
 * FinalizationRegistry can finish it after the wrapper was garbage-collected.
 */
export class StreamState<C> {
  done = false;
  chunkCount = 0;
  firstChunkAt = -1;
  iterator: AsyncIterator<C> | undefined;
  /** Where it waits in the list of streams to register (`-1`: not waiting). */
  pendingSlot = -1;
  /** The `mellea:generation` channel message; `undefined`: the channel had no subscriber at the start. */
  message: ChannelMessage;

  constructor(
    readonly bus: BusLike,
    readonly generationId: string,
    readonly er: EmitResult,
    private readonly iterable: AsyncIterable<C>,
    private readonly collect: StreamCollector<C>,
    readonly signal: AbortSignal | undefined,
    private readonly t0: number,
    private readonly onTerminal: (state: StreamState<C>) => void,
  ) {}

  /** Pulls the next chunk from the provider (called inside `er.run`). */
  readonly pull = (): Promise<IteratorResult<C>> => {
    const it = this.iterator ?? this.open();
    return it.next();
  };

  readonly onResult = (r: IteratorResult<C>): IteratorResult<C> | Promise<IteratorResult<C>> => {
    if (this.done) return r;
    if (r.done) return this.finishNaturally(r);
    if (this.chunkCount++ === 0) this.firstChunkAt = monotonicNow();
    try {
      this.collect.onChunk(r.value);
    } catch (e) {
      reportCallbackFailure(this.collect.onChunk, 'collect.onChunk', e);
    }
    return r;
  };

  readonly onError = (error: unknown): Promise<never> => {
    if (this.done) return Promise.reject(error);
    return this.fail(error, isCancellation(error, this.signal), 'call');
  };

  private open(): AsyncIterator<C> {
    this.iterator = this.iterable[Symbol.asyncIterator]();
    return this.iterator;
  }

  /** The provider iterator to close, opened if the consumer never pulled (so it can release its connection). */
  iteratorToClose(): AsyncIterator<C> | undefined {
    if (this.iterator !== undefined) return this.iterator;
    try {
      return this.open();
    } catch {
      return undefined;
    }
  }

  /** `collect.response()`, isolated: a throw is logged and gives an empty response. */
  private collected(): GenerationResponse {
    return isolateCallback(this.collect, 'collect.response', this.collect.response, undefined, EMPTY);
  }

  private timeToFirstChunk(): number | undefined {
    return this.chunkCount > 0 ? this.firstChunkAt - this.t0 : undefined;
  }

  private end(): number {
    this.done = true;
    this.onTerminal(this);
    return monotonicNow() - this.t0;
  }

  private finishNaturally(r: IteratorResult<C>): IteratorResult<C> | Promise<IteratorResult<C>> {
    const latencyMs = this.end();
    const message = this.message;
    const subscribed = this.bus.hasSubscribers('generation_post_call');
    if (!subscribed && message === undefined) return r;
    const payload = {
      generationId: this.generationId,
      response: this.collected(),
      latencyMs,
      timeToFirstChunkMs: this.timeToFirstChunk(),
      chunkCount: this.chunkCount,
    };
    if (message !== undefined) generationChannel.succeed(message, payload);
    if (!subscribed) return r;
    return emitSuccess(this.bus, 'generation_post_call', payload, r);
  }

  /** Ends the stream with `generation_error` and rejects with `error` itself. */
  fail(error: unknown, cancelled: boolean, source: 'call' | 'consumer'): Promise<never> {
    const latencyMs = this.end();
    const message = this.message;
    const subscribed = this.bus.hasSubscribers('generation_error');
    if (!subscribed && message === undefined) return Promise.reject(error);
    const payload = {
      generationId: this.generationId,
      error,
      cancelled,
      source,
      latencyMs,
      timeToFirstChunkMs: this.timeToFirstChunk(),
      chunkCount: this.chunkCount,
      response: { ...this.collected(), finishReasons: ['error'] },
    };
    if (message !== undefined) generationChannel.fail(message, payload);
    if (!subscribed) return Promise.reject(error);
    try {
      return emitFailureAndRethrow(this.bus, 'generation_error', payload, error);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The consumer stopped (return/throw) or dropped the stream: ends it as cancelled. */
  stopByConsumer(error: unknown): Promise<void> {
    return this.fail(error, true, 'consumer').then(undefined, () => undefined);
  }

  /**
   * The signal fired between chunks: ends the stream like a call that failed with the signal's
   * reason (`source: 'call'`, as when the provider honours the signal itself), cancelled unless
   * the reason is a timeout.
   */
  stopBySignal(reason: unknown): Promise<void> {
    return this.fail(reason, isCancellation(reason, this.signal), 'call').then(undefined, () => undefined);
  }

  /** Called by the FinalizationRegistry when the wrapper was collected unfinished. */
  abandon(): void {
    if (this.done) return;
    this.stopByConsumer(consumerAbortError('stream was garbage-collected before it finished')).then(() => {
      const it = this.iteratorToClose();
      if (it?.return === undefined) return;
      try {
        Promise.resolve(it.return()).then(undefined, () => undefined);
      } catch {
        // the provider's stream could not be closed: nothing more to do
      }
    });
  }
}
