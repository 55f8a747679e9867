import type { Span } from '@opentelemetry/api';

function envLimit(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The longest content attribute we may write on `span`: 4 × `maxContentLength`, never above the
 * attribute value length limit we can know — `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`, else
 * `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, and the limit an OTel JS SDK span carries — so the SDK
 * never cuts our JSON into invalid JSON.
 */
export function attributeLengthCap(maxContentLength: number, span: Span): number {
  let cap = 4 * maxContentLength;
  const env =
    envLimit('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? envLimit('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT');
  if (env !== undefined && env < cap) cap = env;
  // The SDK span's own limit (from the provider's spanLimits); duck-typed, absent on other SDKs.
  const sdkLimit = (span as { _attributeValueLengthLimit?: unknown })._attributeValueLengthLimit;
  if (typeof sdkLimit === 'number' && sdkLimit > 0 && sdkLimit < cap) cap = sdkLimit;
  return cap;
}
