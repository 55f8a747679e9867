import type { AttributeValue } from '@opentelemetry/api';

function isPrimitive(v: unknown): v is string | number | boolean {
  const t = typeof v;
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v as number));
}

/**
 * `value` as a valid OTel attribute value, or `undefined`: strings, booleans and finite numbers
 * as they are; arrays keep the elements of the type of their first valid element (OTel arrays
 * are homogeneous); anything else (objects, `null`, `NaN`, `Infinity`, bigints) is dropped.
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (isPrimitive(value)) return value;
  if (!Array.isArray(value)) return undefined;
  let type: string | undefined;
  const out: (string | number | boolean)[] = [];
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (!isPrimitive(v)) continue;
    if (type === undefined) type = typeof v;
    else if (typeof v !== type) continue;
    out.push(v);
  }
  return out as AttributeValue;
}
