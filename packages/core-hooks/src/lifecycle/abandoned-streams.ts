import type { StreamState } from './stream-state';

let registry: FinalizationRegistry<StreamState<unknown>> | undefined;
/** Streams made during this turn of the event loop, not registered yet: (stream, state) pairs. */
let pending: object[] = [];
let flushScheduled = false;
/** Pairs held at most before registering early: streams made back to back in microtasks never wait for a turn. */
const MAX_PENDING = 2 * 64;

function finalize(state: StreamState<unknown>): void {
  try {
    state.abandon();
  } catch {
    // never throw from a finalizer
  }
}

/**
 * Registers the streams of the turn that are still unfinished. A registration costs about as
 * much as the rest of a stream's tracing (V8 weak cells make every later scavenge dearer), and
 * a stream that ends within the turn it started in (replies already buffered) never needs one;
 * a stream that spans turns pays it once, which is nothing beside its I/O.
 */
function registerPending(): void {
  const list = pending;
  pending = [];
  for (let i = 0; i < list.length; i += 2) {
    const state = list[i + 1] as StreamState<unknown>;
    if (state.done) continue;
    registry ??= new FinalizationRegistry(finalize);
    registry.register(list[i], state, state);
    state.watched = true;
  }
}

function flush(): void {
  flushScheduled = false;
  registerPending();
}

/**
 * Ends `state` as cancelled once `stream` is garbage-collected unfinished. The registration is
 * made at the next turn of the event loop, or once 64 streams wait (the stream is held until
 * then, so one dropped at once is still seen).
 */
export function watchAbandoned(stream: object, state: StreamState<any>): void {
  pending.push(stream, state);
  if (pending.length >= MAX_PENDING) registerPending();
  if (flushScheduled) return;
  flushScheduled = true;
  // Never keep the process alive for it: at exit nothing is left to watch.
  setImmediate(flush).unref();
}

/** The stream ended: stop watching it. */
export function unwatch(state: StreamState<any>): void {
  if (state.watched) registry?.unregister(state);
}
