import { diagLogger } from './diag-logger';

/** How many kinds of failure get their own warning; later new kinds are reported at debug level. */
export const MAX_WARNED_KINDS = 16;

/**
 * Reports failures through the diag logger: a warning the first time a kind is seen, debug level
 * for repeats. At most {@link MAX_WARNED_KINDS} kinds are remembered (kinds may come from error
 * messages, which can all differ), so neither memory nor warnings grow without bound.
 */
export class WarnOncePerKind {
  readonly #seen = new Set<string>();

  /**
   * Warns about `message` unless `kind` was already reported (or, for a `capped` kind, too many
   * kinds were). A kind the design promises a warning for (rejected credentials) is not capped.
   */
  report(kind: string, message: string, capped = true): void {
    if (this.#seen.has(kind) || (capped && this.#seen.size >= MAX_WARNED_KINDS)) {
      diagLogger.debug(message);
      return;
    }
    this.#seen.add(kind);
    diagLogger.warn(message);
  }

  /** Forgets the kinds reported so far (e.g. after a success), so the next failure warns again. */
  clear(): void {
    this.#seen.clear();
  }
}
