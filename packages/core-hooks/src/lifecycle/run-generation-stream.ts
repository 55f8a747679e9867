import { PASS_THROUGH } from '../bus/emit-result';
import { hooks } from '../bus/global-bus';
import { isHookPhaseError } from '../bus/hook-phase-error';
import { generationChannel } from '../channels/generation-channel';
import { logWarn } from '../logger/hook-logger';
import type { GenerationRequest } from '../types/payloads';
import type { EmitResult } from '../types/plugin';
import { unwatch, watchAbandoned } from './abandoned-streams';
import type { BusLike } from './emit-terminal';
import type { GenerationOptions } from './generation-options';
import { isThenable } from './is-thenable';
import { monotonicNow } from './monotonic-clock';
import { newGenerationId } from './new-generation-id';
import { generationPreCallPayload } from './pre-call-payload';
import { GENERATION_PHASES } from './run-generation';
import { type StreamCollector, StreamState } from './stream-state';
import { type ChannelMessage, channelMessage, failCall, hasAnySubscriber } from './traced-call';
import { TracedStream } from './traced-stream';

function opened<C>(
  bus: BusLike,
  generationId: string,
  er: EmitResult,
  start: () => AsyncIterable<C> | Promise<AsyncIterable<C>>,
  collect: StreamCollector<C>,
  signal: AbortSignal | undefined,
  message: ChannelMessage,
): Promise<AsyncIterable<C>> {
  const t0 = monotonicNow();
  const failed = (error: unknown): Promise<never> =>
    failCall(bus, GENERATION_PHASES, generationId, error, signal, monotonicNow() - t0, message);
  const wrap = (iterable: AsyncIterable<C>): AsyncIterable<C> => {
    const state = new StreamState(bus, generationId, er, iterable, collect, signal, t0, unwatch);
    state.message = message;
    const stream = new TracedStream(state);
    watchAbandoned(stream, state);
    return stream;
  };
  let started: AsyncIterable<C> | Promise<AsyncIterable<C>>;
  try {
    started = message === undefined ? er.run(start) : generationChannel.run(message, () => er.run(start));
  } catch (e) {
    return failed(e);
  }
  if (isThenable<AsyncIterable<C>>(started)) return Promise.resolve(started).then(wrap, failed);
  return Promise.resolve(wrap(started));
}

/**
 * Runs one streaming provider call. `start` opens the provider stream inside every plugin's
 * `around`; the returned stream passes each chunk through, feeding `collect`. Exactly one
 * terminal event follows: `generation_post_call` at the natural end (with `chunkCount` and
 * `timeToFirstChunkMs`), else `generation_error` (`finishReasons: ['error']`): from the provider
 * or when `opts.signal` fires (`source: 'call'`; cancelled unless it is a timeout), or when the
 * consumer stops early or drops the stream and it is garbage-collected (`cancelled: true`,
 * `source: 'consumer'`).
 * With no subscriber, `start` runs directly and its stream is returned as is.
 *
 * @returns the stream to iterate (iterate it once).
 */
export function runGenerationStream<C>(
  request: GenerationRequest,
  start: () => AsyncIterable<C> | Promise<AsyncIterable<C>>,
  collect: StreamCollector<C>,
  opts?: GenerationOptions,
): Promise<AsyncIterable<C>> {
  const bus = opts?.bus ?? hooks;
  if (!hasAnySubscriber(bus, GENERATION_PHASES)) {
    try {
      return Promise.resolve(start());
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const generationId = opts?.generationId ?? newGenerationId();
  const signal = opts?.signal;
  const payload = generationPreCallPayload(generationId, request);
  if (payload.stream === undefined) payload.stream = true;
  const message = channelMessage(GENERATION_PHASES, generationId, payload);
  const preFailed = (e: unknown): Promise<AsyncIterable<C>> => {
    if (!isHookPhaseError(e)) {
      logWarn('[@mellea/core-hooks] emitting generation_pre_call failed; the stream runs untraced:', e);
      return opened(bus, generationId, PASS_THROUGH, start, collect, signal, message);
    }
    // The call is skipped: the channel, which never saw a start, sees nothing.
    return opened(bus, generationId, PASS_THROUGH, () => Promise.reject(e), collect, signal, undefined);
  };
  let er: unknown;
  try {
    er = bus.emit('generation_pre_call', payload);
  } catch (e) {
    return preFailed(e);
  }
  if (isThenable<EmitResult>(er))
    return Promise.resolve(er).then(
      (r) => opened(bus, generationId, r, start, collect, signal, message),
      preFailed,
    );
  return opened(bus, generationId, er as EmitResult, start, collect, signal, message);
}
