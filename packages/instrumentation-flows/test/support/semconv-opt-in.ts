import { resetFlowEnv } from '../../src/flows/run-in-span';

const VAR = 'OTEL_SEMCONV_STABILITY_OPT_IN';

/** Sets `OTEL_SEMCONV_STABILITY_OPT_IN` (`undefined` unsets it); flow spans read it again. */
export function setSemconvOptIn(value: string | undefined): void {
  if (value === undefined) delete process.env[VAR];
  else process.env[VAR] = value;
  resetFlowEnv();
}

/**
 * For the enclosing `describe`: returns a setter of `OTEL_SEMCONV_STABILITY_OPT_IN` (`undefined`
 * unsets it) and restores the value it had after each test.
 */
export function useSemconvOptIn(): (value: string | undefined) => void {
  const saved = process.env[VAR];
  afterEach(() => setSemconvOptIn(saved));
  return setSemconvOptIn;
}
