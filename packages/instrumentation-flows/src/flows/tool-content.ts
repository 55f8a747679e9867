import { cutText } from '../plugin/content/cut-text';

/** The longest tool argument or result recorded by default: 4 × 8192, as the plugin's content attributes. */
export const TOOL_CONTENT_MAX_LENGTH = 4 * 8192;

/**
 * A tool argument or result as the JSON string the semconv content attributes hold: strings are
 * taken as given (tool calls usually carry JSON text already), other values are serialized.
 * `undefined` when there is nothing to record or the value cannot be serialized. Text longer than
 * `max` characters is recorded as a JSON string holding its beginning, at most `max` long in all,
 * so a huge result cannot make a huge span and the value stays valid JSON.
 */
export function toolContent(value: unknown, max: number = TOOL_CONTENT_MAX_LENGTH): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  if (text === undefined || text.length <= max) return text;
  if (max < 2) return undefined;
  // The JSON string of a prefix: escapes make it longer than the prefix, so shrink until it fits.
  let prefix = cutText(text, max - 2);
  let json = JSON.stringify(prefix);
  while (json.length > max) {
    prefix = cutText(prefix, prefix.length - Math.max(1, json.length - max));
    json = JSON.stringify(prefix);
  }
  return json;
}
