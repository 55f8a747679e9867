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

/** The choice made in code (see {@link setBaggageTrustOverride}), or `undefined`. Cheap. */
export function getBaggageTrustOverride(): boolean | undefined {
  const value = (globalThis as Slot)[TRUST_BAGGAGE_OVERRIDE];
  return typeof value === 'boolean' ? value : undefined;
}

/** `MELLEA_TRACES_TRUST_BAGGAGE` is truthy (`MELLEA_*` switch rules). */
export function isBaggageTrustedByEnv(): boolean {
  return isTruthySwitch(process.env.MELLEA_TRACES_TRUST_BAGGAGE);
}

/** Whether spans take session, user and tags from incoming baggage: the choice made in code, else the environment. */
export function isBaggageTrusted(): boolean {
  return getBaggageTrustOverride() ?? isBaggageTrustedByEnv();
}
