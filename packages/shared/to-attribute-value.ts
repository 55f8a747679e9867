import type { AttributeValue } from '@opentelemetry/api';

// Shared by @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

function isPrimitive(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value as number));
}

/**
 * `value` when it is a valid OTel attribute value, else `undefined`: what `@opentelemetry/core`'s
 * `isAttributeValue` accepts (a string, number or boolean; an array of one of those types,
 * `null`/`undefined` entries allowed), except that numbers must be finite (NaN and Infinity do
 * not survive OTLP/JSON) and a lone `null`/`undefined` is no value. An array mixing types is
 * rejected as a whole, as OTel rejects it; objects never pass.
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (isPrimitive(value)) return value;
  if (!Array.isArray(value)) return undefined;
  let kind: string | undefined;
  for (const item of value) {
    if (item === null || item === undefined) continue;
    if (!isPrimitive(item)) return undefined;
    if (kind === undefined) kind = typeof item;
    else if (kind !== typeof item) return undefined;
  }
  return value as AttributeValue;
}
