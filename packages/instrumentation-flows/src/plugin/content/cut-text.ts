/**
 * `text` cut to at most `max` UTF-16 code units, never between the two halves of a surrogate
 * pair (so the result stays well-formed).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
