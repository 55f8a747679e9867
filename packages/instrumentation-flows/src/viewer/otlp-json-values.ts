import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { OtlpAttributes, OtlpValue } from './otlp-json-model';

// Readers for the OTLP/JSON encoding's scalar shapes. The OTLP spec writes ids as hex and 64-bit
// integers as strings; protobuf's generic JSON mapping (older tools) writes ids as base64, and
// some writers put 64-bit integers in as numbers. Both are read.

type Json = Record<string, unknown>;

const HEX = /^[0-9a-f]*$/i;

/**
 * A trace or span id as lower-case hex: `bytes` long in hex, or base64 of `bytes` bytes.
 * `''` for an absent or empty id; throws for anything else.
 */
export function readId(value: unknown, bytes: number, field: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new Error(`${field} is not a string`);
  if (value.length === bytes * 2 && HEX.test(value)) return value.toLowerCase();
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length === bytes && decoded.toString('base64') === padBase64(value)) {
    return decoded.toString('hex');
  }
  throw new Error(`${field} "${value}" is neither ${bytes * 2} hex digits nor base64 of ${bytes} bytes`);
}

function padBase64(text: string): string {
  const plain = text.replace(/-/g, '+').replace(/_/g, '/');
  return plain + '='.repeat((4 - (plain.length % 4)) % 4);
}

/** A 64-bit unsigned time in nanoseconds, written as a decimal string or a number. */
export function readNanos(value: unknown, field: string): bigint {
  if (value === undefined || value === null || value === '') return 0n;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  throw new Error(`${field} ${JSON.stringify(value)} is not a time in nanoseconds`);
}

/**
 * A protobuf enum, written as its number or its name (`SPAN_KIND_CLIENT`, `STATUS_CODE_ERROR`).
 * OTLP numbers span kinds from 1 (0 is unspecified), the OTel API from 0; status codes alike.
 */
export function readEnum(value: unknown, which: 'kind' | 'status'): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  if (which === 'kind') {
    const apiKind = SpanKind[value.replace(/^SPAN_KIND_/, '') as keyof typeof SpanKind];
    return apiKind === undefined ? 0 : apiKind + 1;
  }
  return SpanStatusCode[value.replace(/^STATUS_CODE_/, '') as keyof typeof SpanStatusCode] ?? 0;
}

function readInt(value: unknown): number | string {
  const n = Number(value);
  // Beyond 2^53 a number would lose digits: keep the decimal text.
  return Number.isSafeInteger(n) || typeof value !== 'string' ? n : value;
}

/** An OTLP `AnyValue` as a plain value. */
export function readAnyValue(any: unknown): OtlpValue {
  if (any === null || typeof any !== 'object') return null;
  const v = any as Json;
  if ('stringValue' in v) return String(v.stringValue ?? '');
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) return readInt(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('bytesValue' in v) return String(v.bytesValue ?? '');
  if ('arrayValue' in v) return asArray((v.arrayValue as Json | undefined)?.values).map(readAnyValue);
  if ('kvlistValue' in v) return readAttributes((v.kvlistValue as Json | undefined)?.values);
  return null;
}

/** An OTLP `KeyValue[]` as an object. */
export function readAttributes(list: unknown): OtlpAttributes {
  const out: OtlpAttributes = {};
  for (const kv of asArray(list)) {
    if (kv !== null && typeof kv === 'object' && typeof (kv as Json).key === 'string') {
      out[(kv as Json).key as string] = readAnyValue((kv as Json).value);
    }
  }
  return out;
}

/** `value` if it is an array, else `[]` (OTLP/JSON leaves empty repeated fields out). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
