const REDACTED = '[redacted]';

/**
 * Removes every occurrence of the given credentials (the secret key and the Basic token built from
 * it) from `text`, so a message taken from an error or a response body can be logged safely.
 */
export function redactCredentials(text: string, credentials: readonly string[]): string {
  let out = text;
  for (const credential of credentials) {
    if (credential.length > 0 && out.includes(credential)) out = out.split(credential).join(REDACTED);
  }
  return out;
}
