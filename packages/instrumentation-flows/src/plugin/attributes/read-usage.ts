import { normalizeUsage, type Usage } from '@mellea/core-hooks';

const KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'reasoningOutputTokens',
] as const;

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * The usage of a (possibly malformed) payload as a `Usage` holding only finite, non-negative
 * counts; `undefined` when there is none. A provider's raw usage object (`prompt_tokens`,
 * `input_tokens`, ...) given by mistake instead of a normalized `Usage` goes through
 * `normalizeUsage` first.
 */
export function readUsage(raw: unknown): Usage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  let u = raw as Record<string, unknown>;
  if (u.inputTokens === undefined && u.outputTokens === undefined && u.totalTokens === undefined) {
    try {
      u = normalizeUsage(u) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (u === null || typeof u !== 'object') return undefined;
  }
  const out: Usage = {};
  let any = false;
  for (let i = 0; i < KEYS.length; i++) {
    const v = count(u[KEYS[i]]);
    if (v !== undefined) {
      out[KEYS[i]] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
