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

/**
 * The longest content attribute we may write on `span`: `cap` (4 × `maxContentLength`, already
 * bounded by {@link envAttributeLengthLimit}), never above the limit an OTel JS SDK span carries
 * (its provider's `spanLimits`), so the SDK never cuts our JSON into invalid JSON.
 */
export function attributeLengthCap(cap: number, span: Span): number {
  // Duck-typed: the SDK span's own limit; absent on other SDKs.
  const sdkLimit = (span as { _attributeValueLengthLimit?: unknown })._attributeValueLengthLimit;
  return typeof sdkLimit === 'number' && sdkLimit > 0 && sdkLimit < cap ? sdkLimit : cap;
}
