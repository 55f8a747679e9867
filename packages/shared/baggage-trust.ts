// Shared by @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/** Versioned, so other copies and versions of both packages share the choice made in code. */
const TRUST_BAGGAGE_OVERRIDE = Symbol.for('mellea.instrumentation-flows.trust-baggage.v1');

type Slot = Record<symbol, unknown>;

/**
 * `MELLEA_*` switch semantics: `1`, `true`, `yes`, `on` in any case, surrounding white space
 * ignored, are on; anything else, or unset, is off.
 */
export function isTruthySwitch(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/**
 * Sets (or with `undefined` clears) the process-wide choice made in code to take session, user
 * and tags from incoming baggage (`setupTracing({ trustBaggage })`, `MelleaInstrumentation`).
 * Shared through a versioned global symbol, so other copies of `@mellea/instrumentation-flows`
 * and `@mellea/exporter-langfuse` follow it.
 */
export function setBaggageTrustOverride(value: boolean | undefined): void {
  (globalThis as Slot)[TRUST_BAGGAGE_OVERRIDE] = value;
}

/** `MELLEA_TRACES_TRUST_BAGGAGE` is truthy ({@link isTruthySwitch}). Read it once, off the hot path. */
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
