const VAR = 'OTEL_SEMCONV_STABILITY_OPT_IN';

function setOptIn(value: string | undefined): void {
  if (value === undefined) delete process.env[VAR];
  else process.env[VAR] = value;
}

/**
 * For the enclosing `describe`: returns a setter of `OTEL_SEMCONV_STABILITY_OPT_IN` (`undefined`
 * unsets it) and restores the value it had after each test.
 */
export function useSemconvOptIn(): (value: string | undefined) => void {
  const saved = process.env[VAR];
  afterEach(() => setOptIn(saved));
  return setOptIn;
}
