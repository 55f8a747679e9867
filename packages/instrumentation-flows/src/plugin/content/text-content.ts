import type { Redactor } from '../redact/default-redactor';
import { cutText } from './cut-text';
import { redactThenCut } from './to-json-safe';

/**
 * Text recorded as it is (a tool call's arguments or result given as JSON text): redacted, and when
 * longer than `max` characters recorded as a JSON string holding its beginning, at most `max` long
 * in all, so a huge text cannot make a huge span and the value stays valid JSON. `undefined` when
 * nothing fits (`max` < 2).
 */
export function textContent(text: string, max: number, redact: Redactor | undefined): string | undefined {
  // Redacted a little past `max`, so a secret straddling the cut is masked too.
  const redacted = redact === undefined ? text : redactThenCut(text, max + 1, redact);
  if (redacted.length <= max) return redacted;
  if (max < 2) return undefined;
  // The JSON string of a prefix: escapes make it longer than the prefix, so shrink until it fits.
  let prefix = cutText(redacted, max - 2);
  let json = JSON.stringify(prefix);
  while (json.length > max) {
    prefix = cutText(prefix, prefix.length - Math.max(1, json.length - max));
    json = JSON.stringify(prefix);
  }
  return json;
}
