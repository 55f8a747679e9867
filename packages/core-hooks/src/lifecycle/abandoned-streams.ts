import type { StreamState } from './stream-state';

let registry: FinalizationRegistry<StreamState<unknown>> | undefined;
/** Streams made during this turn of the event loop, not registered yet: (stream, state) pairs. */
let pending: (object | null)[] = [];
let flushScheduled = false;
/** Pairs held at most before registering early: streams made back to back in microtasks never wait for a turn. */
const MAX_PENDING = 2 * 64;
/** The next turn of the event loop: `setImmediate` where there is one (Node), else a 0 ms timer. */
const nextTurn: (fn: () => void) => unknown =
  typeof setImmediate === 'function' ? setImmediate : (fn) => setTimeout(fn, 0);

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
    const state = list[i + 1] as StreamState<unknown> | null;
    if (state === null) continue; // ended before its turn was over
    state.pendingSlot = -1;
    registry ??= new FinalizationRegistry(finalize);
    registry.register(list[i] as object, state, state);
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
  if (pending.length >= MAX_PENDING) registerPending();
  state.pendingSlot = pending.length;
  pending.push(stream, state);
  if (flushScheduled) return;
  flushScheduled = true;
  const handle = nextTurn(flush) as { unref?: () => void } | undefined;
  // Never keep the process alive for it: at exit nothing is left to watch.
  if (typeof handle?.unref === 'function') handle.unref();
}

/** The stream ended: stop watching it (a stream still waiting for its registration is let go at once). */
export function unwatch(state: StreamState<any>): void {
  const slot = state.pendingSlot;
  if (slot >= 0) {
    pending[slot] = null;
    pending[slot + 1] = null;
    state.pendingSlot = -1;
  } else registry?.unregister(state);
}
