import { diagLogger } from '../diag/diag-logger';

/** How {@link InFlightSpans} bounds its entries. */
export interface InFlightSpansOptions<E> {
  /** An entry older than this is abandoned (`Infinity`: never). */
  timeoutMs: number;
  /** At most this many entries; adding one more abandons the oldest. */
  maxEntries: number;
  /** Ends an abandoned entry's span. Called once per entry, after it left the map. */
  onAbandon: (entry: E) => void;
}

const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The open generation spans by `generationId`: a bounded, insertion-ordered map (oldest first)
 * with one lazily scheduled, unref'd timer that abandons entries older than `timeoutMs`.
 * A steady stream of generations that end in time costs no timer work at all.
 */
export class InFlightSpans<E extends { startedAt: number }> {
  private readonly entries = new Map<string, E>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: InFlightSpansOptions<E>) {}

  /** How many spans are open. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds an entry; an entry already under `id` and, past `maxEntries`, the oldest are abandoned. */
  add(id: string, entry: E): void {
    const existing = this.entries.get(id);
    if (existing !== undefined) {
      this.entries.delete(id);
      this.abandon(existing);
    }
    while (this.entries.size >= this.options.maxEntries && this.entries.size > 0) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, E];
      this.entries.delete(oldestId);
      this.abandon(oldest);
    }
    this.entries.set(id, entry);
    if (this.timer === undefined) this.schedule(entry.startedAt);
  }

  /** Removes and returns the entry under `id` (`undefined` when unknown or already ended). */
  take(id: string): E | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined) this.entries.delete(id);
    return entry;
  }

  /** Abandons every entry older than `timeoutMs`, then schedules the next check. */
  sweep(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (now - entry.startedAt < this.options.timeoutMs) {
        this.schedule(entry.startedAt);
        return;
      }
      this.entries.delete(id);
      this.abandon(entry);
    }
  }

  /** Abandons every open entry (e.g. when the plugin is unregistered) and stops the timer. */
  abandonAll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [id, entry] of this.entries) {
      this.entries.delete(id);
      this.abandon(entry);
    }
  }

  private schedule(startedAt: number): void {
    const { timeoutMs } = this.options;
    if (!Number.isFinite(timeoutMs)) return;
    const delay = Math.min(Math.max(startedAt + timeoutMs - Date.now(), 0), MAX_TIMER_DELAY);
    const timer = setTimeout(() => this.sweep(), delay);
    // Never keep the process alive for a sweep.
    if (typeof timer === 'object' && timer !== null && typeof timer.unref === 'function') timer.unref();
    this.timer = timer;
  }

  private abandon(entry: E): void {
    try {
      this.options.onAbandon(entry);
    } catch (error) {
      diagLogger.debug('ending an abandoned generation span failed', error);
    }
  }
}
