/** Whether `value` is an absolute http(s) URL, as an OTLP or Langfuse endpoint must be. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The one warning for an endpoint variable whose value is not an http(s) URL: names the variable
 * and the value (cut at 200 characters), says what is not sent, and shows the expected form.
 */
export function notAUrlMessage(variable: string, value: string, notSent: string, example: string): string {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return `${variable}=${shown} is not an http(s) URL (for example ${example}); ${notSent}.`;
}
