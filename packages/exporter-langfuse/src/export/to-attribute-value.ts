import type { AttributeValue } from '@opentelemetry/api';

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * `value` when it is a valid OTel attribute value (a string, number or boolean, or an array of one
 * of those, `null`/`undefined` entries allowed); otherwise `undefined`. Objects never pass.
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
