/**
 * Masks a Langfuse public key for logs: `pk-lf-1234…ab` keeps the first 8 and last 2 characters
 * (`pk-lf-12…ab`). Short keys keep less, so a mask never shows the whole key.
 */
export function maskPublicKey(publicKey: string): string {
  if (publicKey.length >= 12) return `${publicKey.slice(0, 8)}…${publicKey.slice(-2)}`;
  if (publicKey.length >= 6) return `${publicKey.slice(0, 3)}…`;
  return '…';
}
