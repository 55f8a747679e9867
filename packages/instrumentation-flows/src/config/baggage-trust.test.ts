import { useIsolatedEnv } from '../../test/support/isolate-env';
import {
  isBaggageTrusted,
  isBaggageTrustedByEnv,
  isTruthySwitch,
  setBaggageTrustOverride,
} from './baggage-trust';

useIsolatedEnv(() => setBaggageTrustOverride(undefined));

describe('MELLEA_* switches', () => {
  it.each(['1', 'true', 'TRUE', 'True', 'yes', 'YES', 'on', 'On', ' on ', '\ttrue\n'])(
    '%j is on',
    (value) => {
      expect(isTruthySwitch(value)).toBe(true);
    },
  );

  it.each([undefined, '', ' ', '0', 'false', 'no', 'off', 'OFF', 'enabled', 'y', '2', 'o n'])(
    '%j is off',
    (value) => {
      expect(isTruthySwitch(value)).toBe(false);
    },
  );
});

test('MELLEA_TRACES_TRUST_BAGGAGE follows the MELLEA_* switch rule', () => {
  expect(isBaggageTrustedByEnv()).toBe(false);
  process.env.MELLEA_TRACES_TRUST_BAGGAGE = ' Yes ';
  expect(isBaggageTrustedByEnv()).toBe(true);
  process.env.MELLEA_TRACES_TRUST_BAGGAGE = 'false';
  expect(isBaggageTrustedByEnv()).toBe(false);
});

test('trust: the option, else the choice made in code (a versioned global), else the environment', () => {
  expect(isBaggageTrusted(undefined, false)).toBe(false);
  expect(isBaggageTrusted(undefined, true)).toBe(true);
  setBaggageTrustOverride(true);
  expect(isBaggageTrusted(undefined, false)).toBe(true);
  expect(isBaggageTrusted(false, true)).toBe(false);
  setBaggageTrustOverride(false);
  expect(isBaggageTrusted(undefined, true)).toBe(false);
  expect(isBaggageTrusted(true, false)).toBe(true);
  // Other copies and versions of both packages set and read the same slot.
  expect(
    (globalThis as Record<symbol, unknown>)[Symbol.for('mellea.instrumentation-flows.trust-baggage.v1')],
  ).toBe(false);
  setBaggageTrustOverride(undefined);
  expect(isBaggageTrusted(undefined, true)).toBe(true);
});
