import { normalizeUsage, sumUsage, type Usage } from '@mellea/core-hooks';

// Small readers of hook payloads. Payloads come from framework code and may be malformed: every
// field is checked here, never trusted, and a value that does not fit is `undefined` (left out).

/** A usage object as found in a payload: fields are read through `tokenCount`, never trusted. */
export type LooseUsage = Readonly<Record<string, unknown>>;

/** A non-empty string, else `undefined`. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A finite number, else `undefined`. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** For the attributes semconv types as `int`: a non-integer is malformed and left out. */
export function int(v: unknown): number | undefined {
  return Number.isSafeInteger(v) ? (v as number) : undefined;
}

/** `v` when it is a usable token count (a non-negative integer: semconv `int`), else `undefined`. */
export function tokenCount(v: unknown): number | undefined {
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined;
}

/** A duration in milliseconds from a payload, in seconds; `undefined` when it is not a usable duration. */
export function seconds(ms: unknown): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

/** The strings of `value` when it is an array (other elements dropped), else `undefined`. */
export function stringsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) if (typeof value[i] === 'string') out.push(value[i]);
  return out;
}

/**
 * The usage of a (possibly malformed) payload, or `undefined` when there is none. A normalized
 * `Usage` is returned as it is (no copy: the hot path); a provider's raw usage object
 * (`prompt_tokens`, `input_tokens`, ...) given by mistake goes through `normalizeUsage` first.
 */
export function readUsage(raw: unknown): LooseUsage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as LooseUsage;
  if (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined) return u;
  try {
    return normalizeUsage(u) as LooseUsage | undefined;
  } catch {
    return undefined;
  }
}

/**
 * The usage of a batch: the batch's own when given, else the sum of its responses' usages
 * (each count summed over the responses that report it).
 */
export function batchUsage(usage: unknown, responses: readonly unknown[]): LooseUsage | undefined {
  const own = readUsage(usage);
  if (own !== undefined) return own;
  const usages: (Usage | undefined)[] = [];
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    if (r !== null && typeof r === 'object')
      usages.push(readUsage((r as { usage?: unknown }).usage) as Usage);
  }
  return sumUsage(usages) as LooseUsage | undefined;
}

/** The response model of a (possibly malformed) response, for the span and the metrics. */
export function responseModelOf(response: unknown): string | undefined {
  if (response === null || typeof response !== 'object') return undefined;
  return text((response as { model?: unknown }).model);
}

/** The first response model among the batch's responses, for the span and the metrics. */
export function batchResponseModel(responses: readonly unknown[]): string | undefined {
  for (let i = 0; i < responses.length; i++) {
    const model = responseModelOf(responses[i]);
    if (model !== undefined) return model;
  }
  return undefined;
}
