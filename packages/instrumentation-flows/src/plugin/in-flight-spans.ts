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
/** Taken entries leave a tombstone; this many tombstones are cleared in one go. */
const TOMBSTONES_PER_COMPACTION = 1024;
const TAKEN: unique symbol = Symbol('taken');
type Slot<E> = E | typeof TAKEN;

/**
 * The open generation spans by `generationId`: a bounded, insertion-ordered map (oldest first)
 * with one lazily scheduled, unref'd timer that abandons entries older than `timeoutMs`.
 * A steady stream of generations that end in time costs no timer work at all.
 *
 * `take` leaves a tombstone instead of deleting the key: a Map whose size swings between 0 and 1
 * reallocates its table every few operations (V8), which made a set/get/delete round cost about
 * twice a set/get/tombstone round. Tombstones hold no reference to the entry and are cleared in
 * batches, so memory stays bounded.
 */
export class InFlightSpans<E extends { startedAt: number }> {
  private readonly slots = new Map<string, Slot<E>>();
  private live = 0;
  private tombstones = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: InFlightSpansOptions<E>) {}

  /** How many spans are open. */
  get size(): number {
    return this.live;
  }

  /** Adds an entry; an entry already under `id` and, past `maxEntries`, the oldest are abandoned. */
  add(id: string, entry: E): void {
    const existing = this.slots.get(id);
    if (existing !== undefined) {
      // Re-inserted below, so that insertion order stays start order.
      this.slots.delete(id);
      if (existing === TAKEN) this.tombstones--;
      else {
        this.live--;
        this.abandon(existing);
      }
    }
    while (this.live >= this.options.maxEntries && this.live > 0) this.abandonOldest();
    this.slots.set(id, entry);
    this.live++;
    if (this.timer === undefined) this.schedule(entry.startedAt);
  }

  /** Removes and returns the entry under `id` (`undefined` when unknown or already ended). */
  take(id: string): E | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined || slot === TAKEN) return undefined;
    this.slots.set(id, TAKEN);
    this.live--;
    if (++this.tombstones >= TOMBSTONES_PER_COMPACTION) this.compact();
    return slot;
  }

  /** Abandons every entry older than `timeoutMs`, then schedules the next check. */
  sweep(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [id, slot] of this.slots) {
      if (slot === TAKEN) {
        this.slots.delete(id);
        this.tombstones--;
        continue;
      }
      if (now - slot.startedAt < this.options.timeoutMs) {
        this.schedule(slot.startedAt);
        return;
      }
      this.slots.delete(id);
      this.live--;
      this.abandon(slot);
    }
  }

  /** Abandons every open entry (e.g. when the plugin is unregistered) and stops the timer. */
  abandonAll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const open = [...this.slots.values()];
    this.slots.clear();
    this.live = 0;
    this.tombstones = 0;
    for (const slot of open) if (slot !== TAKEN) this.abandon(slot);
  }

  private abandonOldest(): void {
    for (const [id, slot] of this.slots) {
      this.slots.delete(id);
      if (slot === TAKEN) {
        this.tombstones--;
        continue;
      }
      this.live--;
      this.abandon(slot);
      return;
    }
  }

  private compact(): void {
    if (this.live === 0) {
      this.slots.clear();
    } else {
      for (const [id, slot] of this.slots) if (slot === TAKEN) this.slots.delete(id);
    }
    this.tombstones = 0;
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
