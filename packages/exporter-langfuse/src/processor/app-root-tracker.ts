interface TraceState {
  /** Whether a span of this trace was already marked as the app root. */
  claimed: boolean;
  /** Spans of this trace started and not yet ended. */
  open: number;
}

/**
 * Decides, at span start, which span is Langfuse's app root
 * (`langfuse.internal.is_app_root`): the first span of a trace expected to be exported whose
 * parent is not (no parent, a remote parent, or a local parent that is filtered out). Per-trace
 * state (a flag and a count, nothing per span) lives while the trace has open spans; afterwards
 * only the "already claimed" mark is kept, in a bounded list, so a late span of the same trace does
 * not claim again. Memory is bounded by `maxTraces` whatever the spans do, however long a trace.
 *
 * No set of exported span ids is needed: the first exported span of a trace always claims (no
 * exported span exists yet, so its parent cannot be one), and every later one finds the trace
 * claimed. "Whose parent is not exported" therefore reduces to "the first exported span".
 */
export class AppRootTracker {
  readonly #traces = new Map<string, TraceState>();
  readonly #claimed = new Set<string>();
  readonly #maxTraces: number;

  constructor(maxTraces = 10_000) {
    this.#maxTraces = maxTraces;
  }

  /**
   * Records a started span of `traceId` and returns whether it is the app root: the first span of
   * the trace that is `exported`.
   */
  start(traceId: string, exported: boolean): boolean {
    let state = this.#traces.get(traceId);
    if (state === undefined) {
      if (this.#traces.size >= this.#maxTraces) {
        const oldest = this.#traces.keys().next().value as string;
        this.#close(oldest, this.#traces.get(oldest)!);
      }
      state = { claimed: this.#claimed.has(traceId), open: 0 };
      this.#traces.set(traceId, state);
    }
    state.open++;
    if (!exported || state.claimed) return false;
    state.claimed = true;
    return true;
  }

  /** Records an ended span of `traceId` (one that was passed to {@link start}). */
  end(traceId: string): void {
    const state = this.#traces.get(traceId);
    if (state === undefined) return;
    state.open--;
    if (state.open <= 0) this.#close(traceId, state);
  }

  /** Number of traces with state held (for tests of the memory bound). */
  get size(): number {
    return this.#traces.size + this.#claimed.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#traces.clear();
    this.#claimed.clear();
  }

  #close(traceId: string, state: TraceState): void {
    this.#traces.delete(traceId);
    if (!state.claimed) return;
    this.#claimed.delete(traceId);
    this.#claimed.add(traceId);
    if (this.#claimed.size > this.#maxTraces) {
      this.#claimed.delete(this.#claimed.values().next().value as string);
    }
  }
}
