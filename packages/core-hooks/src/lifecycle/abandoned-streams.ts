import type { StreamState } from './stream-state';

let registry: FinalizationRegistry<StreamState<unknown>> | undefined;

function finalize(state: StreamState<unknown>): void {
  try {
    state.abandon();
  } catch {
    // never throw from a finalizer
  }
}

/** Ends `state` as cancelled once `stream` is garbage-collected unfinished. */
export function watchAbandoned(stream: object, state: StreamState<any>): void {
  registry ??= new FinalizationRegistry(finalize);
  registry.register(stream, state, state);
}

/** The stream ended: stop watching it. */
export function unwatch(state: StreamState<any>): void {
  registry?.unregister(state);
}
