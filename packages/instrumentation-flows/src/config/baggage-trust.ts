import { isTruthySwitch } from './env-flags';

const TRUST_BAGGAGE_OVERRIDE = Symbol.for('mellea.instrumentation-flows.trust-baggage.v1');

type Slot = Record<symbol, unknown>;

/**
 * Sets (or with `undefined` clears) the process-wide choice made in code to take session, user
 * and tags from incoming baggage (`setupTracing({ trustBaggage })`, `MelleaInstrumentation`).
 * Shared through a versioned global symbol, so other copies of this package and
 * `@mellea/exporter-langfuse` follow it.
 */
export function setBaggageTrustOverride(value: boolean | undefined): void {
  (globalThis as Slot)[TRUST_BAGGAGE_OVERRIDE] = value;
}

/** `MELLEA_TRACES_TRUST_BAGGAGE` is truthy (`MELLEA_*` switch rules). Read it once, off the hot path. */
export function isBaggageTrustedByEnv(): boolean {
  return isTruthySwitch(process.env.MELLEA_TRACES_TRUST_BAGGAGE);
}

/**
 * Whether spans take session, user and tags from incoming baggage, the one rule every span source
 * follows: `option` (given to the plugin or the processor), else the choice made in code (see
 * {@link setBaggageTrustOverride}), else `byEnv` (the caller's {@link isBaggageTrustedByEnv}).
 * Cheap: no environment read.
 */
export function isBaggageTrusted(option: boolean | undefined, byEnv: boolean): boolean {
  if (option !== undefined) return option;
  const override = (globalThis as Slot)[TRUST_BAGGAGE_OVERRIDE];
  return typeof override === 'boolean' ? override : byEnv;
}
