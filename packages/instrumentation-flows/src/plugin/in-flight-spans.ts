import { diagLogger } from '../diag/diag-logger';

/** How {@link InFlightSpans} bounds its entries. */
export interface InFlightSpansOptions<E> {
  /**
   * An entry open this long is abandoned (`Infinity`: never), at the first check after its
   * deadline: between `timeoutMs` and `timeoutMs` plus one tick (a tenth of it) after it started.
   */
  timeoutMs: number;
  /** At most this many entries; adding one more abandons the oldest. */
  maxEntries: number;
  /** Ends an abandoned entry's span. Called once per entry, after it left the registry. */
  onAbandon: (entry: E) => void;
}

const MAX_TIMER_DELAY = 2 ** 31 - 1;
/** Checks per timeout: an entry is abandoned at most a tenth of the timeout after its deadline. */
const TICKS_PER_TIMEOUT = 10;

/**
 * The open generation spans by `generationId`, oldest first, bounded, with an unref'd timer that
 * abandons entries older than `timeoutMs`.
 *
 * Time is kept in ticks (a tenth of the timeout) instead of a clock read per entry: an entry
 * records the tick it started in, and each tick abandons, oldest first, the entries whose whole
 * timeout has surely passed. The timer runs only while entries are open.
 *
 * The newest entry is kept in a slot of its own and enters the map only when the next one starts
 * while it is still open. Generations run one after another (the usual agent loop) never touch
 * the map: no fresh id is hashed, no map operation is made (without this, the
 * plugin bench's sampled target is missed).
 * Concurrent ones use the map; the order stays the start order (an entry enters the map when its
 * successor starts, so the map holds the older ones, oldest first, and the slot the newest).
 */
export class InFlightSpans<E extends { tick: number }> {
  private readonly entries = new Map<string, E>();
  private newestId: string | undefined = undefined;
  private newest: E | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The current tick; counts up while the timer runs, and once more each time it starts. */
  private tick = 0;
  /** Milliseconds per tick, and how many whole ticks make the timeout (`0`: no timeout). */
  private readonly tickMs: number;
  private readonly ticksPerTimeout: number;

  constructor(private readonly options: InFlightSpansOptions<E>) {
    const { timeoutMs } = options;
    if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
      this.tickMs = Math.min(Math.max(Math.ceil(timeoutMs / TICKS_PER_TIMEOUT), 1), MAX_TIMER_DELAY);
      this.ticksPerTimeout = Math.ceil(timeoutMs / this.tickMs);
    } else {
      this.tickMs = 0;
      this.ticksPerTimeout = 0;
    }
  }

  /** How many spans are open. */
  get size(): number {
    return this.entries.size + (this.newest === undefined ? 0 : 1);
  }

  /** Adds an entry; an entry already under `id` and, past `maxEntries`, the oldest are abandoned. */
  add(id: string, entry: E): void {
    const previousId = this.newestId;
    const previous = this.takeNewest();
    if (previous !== undefined) {
      if (previousId === id) this.abandon(previous);
      else this.entries.set(previousId as string, previous);
    }
    if (this.entries.size > 0) {
      const existing = this.entries.get(id);
      if (existing !== undefined) {
        this.entries.delete(id);
        this.abandon(existing);
      }
    }
    if (this.size >= this.options.maxEntries) this.abandonOldest();
    if (this.timer === undefined) this.startTicking();
    entry.tick = this.tick;
    this.newestId = id;
    this.newest = entry;
  }

  /** Removes and returns the entry under `id` (`undefined` when unknown or already ended). */
  take(id: string): E | undefined {
    if (id === this.newestId) return this.takeNewest();
    if (this.entries.size === 0) return undefined;
    const entry = this.entries.get(id);
    if (entry !== undefined) this.entries.delete(id);
    return entry;
  }

  /**
   * One tick: abandons, oldest first, every entry that started at least a whole timeout ago, and
   * keeps ticking while entries are open.
   */
  sweep(): void {
    this.timer = undefined;
    // An entry of tick t started before tick t + 1 began; tick t + 1 + ticksPerTimeout begins at
    // least a timeout later.
    const last = ++this.tick - 1 - this.ticksPerTimeout;
    if (this.abandonOldestWhile((entry) => entry.tick <= last)) this.schedule();
  }

  /** Abandons every open entry (e.g. when the plugin is unregistered) and stops the timer. */
  abandonAll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abandonOldestWhile(() => true);
  }

  /** Empties the newest-entry slot. @returns what it held. */
  private takeNewest(): E | undefined {
    const newest = this.newest;
    this.newest = undefined;
    this.newestId = undefined;
    return newest;
  }

  private abandonOldest(): void {
    let left = 1;
    this.abandonOldestWhile(() => left-- > 0);
  }

  /**
   * Abandons entries, oldest first (the map's, then the newest), while `expired(entry)` holds.
   * @returns whether an open entry is left.
   */
  private abandonOldestWhile(expired: (entry: E) => boolean): boolean {
    for (const [id, entry] of this.entries) {
      if (!expired(entry)) return true;
      this.entries.delete(id);
      this.abandon(entry);
    }
    const newest = this.newest;
    if (newest === undefined) return false;
    if (!expired(newest)) return true;
    this.takeNewest();
    this.abandon(newest);
    return false;
  }

  /** Starts the timer (the registry is empty): a new tick begins now. */
  private startTicking(): void {
    if (this.tickMs === 0) return;
    this.tick++;
    this.schedule();
  }

  private schedule(): void {
    const timer = setTimeout(() => this.sweep(), this.tickMs);
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
