import type { Span } from '@opentelemetry/api';

function envLimit(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The attribute value length limit set in the environment: `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`,
 * else `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` (`Infinity` when neither is set). Read once per plugin,
 * as the SDK reads it once per provider.
 */
export function envAttributeLengthLimit(): number {
  return (
    envLimit('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
    envLimit('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
    Number.POSITIVE_INFINITY
  );
}

/** What an OTel JS SDK span keeps of its provider's span limits (no SDK line exposes them publicly). */
interface SdkSpanLimits {
  /** Both lines (2.x `SpanImpl`, 3.x `SpanImpl`): the provider's limits, as given in code or read from the env. */
  _spanLimits?: { attributeValueLengthLimit?: unknown };
  /** 2.x only: the same value, kept apart. */
  _attributeValueLengthLimit?: unknown;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/**
 * The attribute value length limit an OTel JS SDK span applies (its provider's `spanLimits`, set
 * in code such as `new NodeSDK({ spanLimits: { attributeValueLengthLimit: 300 } })` or from the
 * environment), on either SDK line: `undefined` when the span shows none (another SDK, a
 * non-recording span, no limit).
 */
export function spanAttributeLengthLimit(span: Span): number | undefined {
  const s = span as SdkSpanLimits;
  try {
    return positive(s._spanLimits?.attributeValueLengthLimit) ?? positive(s._attributeValueLengthLimit);
  } catch {
    return undefined; // a proxy or getter that throws: no limit known
  }
}

/**
 * The longest content attribute we may write on `span`: `cap` (4 × `maxContentLength`, already
 * bounded by {@link envAttributeLengthLimit}), never above the limit the span's SDK applies
 * ({@link spanAttributeLengthLimit}), so the SDK never cuts our JSON into invalid JSON.
 */
export function attributeLengthCap(cap: number, span: Span): number {
  const limit = spanAttributeLengthLimit(span);
  return limit !== undefined && limit < cap ? limit : cap;
}

/**
 * Sets the string attribute `make(cap)` builds (a JSON text at most `cap` long) on `span`, then
 * checks, through the span's public `attributes` (ReadableSpan, both SDK lines), that the SDK kept
 * it whole: an SDK that cut it (a limit the span did not show) gets it again built for the length
 * it kept, so the attribute is valid JSON within the limit whatever the SDK.
 */
export function setCappedAttribute(
  span: Span,
  key: string,
  cap: number,
  make: (cap: number) => string | undefined,
): void {
  const value = make(cap);
  if (value === undefined) return;
  span.setAttribute(key, value);
  let kept: unknown;
  try {
    kept = (span as { attributes?: Record<string, unknown> }).attributes?.[key];
  } catch {
    return;
  }
  if (typeof kept !== 'string' || kept.length >= value.length || kept.length === 0) return;
  const fitted = make(kept.length);
  if (fitted !== undefined && fitted.length <= kept.length) span.setAttribute(key, fitted);
}
