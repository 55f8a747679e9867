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
 * Permanent placeholder entries at the head of the map. A Map whose size swings between 0 and 1
 * shrinks and regrows its hash table every few operations (V8); with these it keeps a stable
 * table, which makes an add/take round about 115 ns cheaper. Their keys start with NUL, so they
 * never meet a generation id, and they are always the oldest, so iteration skips them first.
 */
const PADDING = 64;
const PAD: unique symbol = Symbol('padding');
type Slot<E> = E | typeof PAD;

/**
 * The open generation spans by `generationId`: a bounded, insertion-ordered map (oldest first)
 * with one lazily scheduled, unref'd timer that abandons entries older than `timeoutMs`.
 * A steady stream of generations that end in time costs no timer work at all.
 */
export class InFlightSpans<E extends { startedAt: number }> {
  private readonly entries = new Map<string, Slot<E>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: InFlightSpansOptions<E>) {
    for (let i = 0; i < PADDING; i++) this.entries.set(`\u0000${i}`, PAD);
  }

  /** How many spans are open. */
  get size(): number {
    return this.entries.size - PADDING;
  }

  /** Adds an entry; an entry already under `id` and, past `maxEntries`, the oldest are abandoned. */
  add(id: string, entry: E): void {
    const existing = this.entries.get(id);
    if (existing === PAD) {
      this.abandon(entry);
      return;
    }
    if (existing !== undefined) {
      this.entries.delete(id);
      this.abandon(existing);
    }
    if (this.size >= this.options.maxEntries) this.abandonOldest();
    this.entries.set(id, entry);
    if (this.timer === undefined) this.schedule(entry.startedAt);
  }

  /** Removes and returns the entry under `id` (`undefined` when unknown or already ended). */
  take(id: string): E | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || entry === PAD) return undefined;
    this.entries.delete(id);
    return entry;
  }

  /** Abandons every entry older than `timeoutMs`, then schedules the next check. */
  sweep(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (entry === PAD) continue;
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
      if (entry === PAD) continue;
      this.entries.delete(id);
      this.abandon(entry);
    }
  }

  private abandonOldest(): void {
    for (const [id, entry] of this.entries) {
      if (entry === PAD) continue;
      this.entries.delete(id);
      this.abandon(entry);
      return;
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
