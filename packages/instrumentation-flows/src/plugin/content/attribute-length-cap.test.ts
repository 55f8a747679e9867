import { INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { attributeLengthCap, setCappedAttribute, spanAttributeLengthLimit } from './attribute-length-cap';
import { serializeMessages } from './serialize-messages';

type AnySpan = Parameters<typeof attributeLengthCap>[1];
const asSpan = (shape: object) => shape as unknown as AnySpan;

/** A 3.x `SpanImpl` keeps only `_spanLimits` (no `_attributeValueLengthLimit`). */
const sdk3Shaped = (limit: number) =>
  asSpan({
    _spanLimits: { attributeCountLimit: 128, attributeValueLengthLimit: limit, eventCountLimit: 128 },
  });
/** A 2.x `SpanImpl` keeps both. */
const sdk2Shaped = (limit: number) =>
  asSpan({ _spanLimits: { attributeValueLengthLimit: limit }, _attributeValueLengthLimit: limit });

/** A span of an SDK that cuts long strings but shows its limit nowhere but in what it keeps. */
function cuttingSpan(limit: number) {
  const attributes: Record<string, unknown> = {};
  return {
    attributes,
    span: asSpan({
      attributes,
      setAttribute(key: string, value: unknown) {
        attributes[key] = typeof value === 'string' ? value.slice(0, limit) : value;
        return this;
      },
    }),
  };
}

const longMessages = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(5000) }] }];
const serialize = (cap: number) =>
  serializeMessages(longMessages, { maxContentLength: 8192, maxAttributeLength: cap, redact: undefined });

describe('the content cap reads the span limit of either SDK line', () => {
  it('reads a 3.x-shaped span (only _spanLimits)', () => {
    expect(spanAttributeLengthLimit(sdk3Shaped(300))).toBe(300);
    expect(attributeLengthCap(32768, sdk3Shaped(300))).toBe(300);
  });

  it('reads a 2.x-shaped span', () => {
    expect(spanAttributeLengthLimit(sdk2Shaped(300))).toBe(300);
    expect(attributeLengthCap(32768, sdk2Shaped(300))).toBe(300);
  });

  it('keeps the cap when the span limit is higher, unlimited (Infinity) or absent', () => {
    expect(attributeLengthCap(1000, sdk3Shaped(5000))).toBe(1000);
    expect(attributeLengthCap(1000, sdk3Shaped(Number.POSITIVE_INFINITY))).toBe(1000);
    expect(attributeLengthCap(1000, asSpan({}))).toBe(1000);
    expect(attributeLengthCap(1000, trace.wrapSpanContext(INVALID_SPAN_CONTEXT))).toBe(1000);
  });

  it('survives a span whose limits throw when read', () => {
    const hostile = asSpan({
      get _spanLimits() {
        throw new Error('no');
      },
    });
    expect(attributeLengthCap(1000, hostile)).toBe(1000);
  });

  it.each([
    [
      '2.x BasicTracerProvider',
      () => new BasicTracerProvider({ spanLimits: { attributeValueLengthLimit: 300 } }),
    ],
    [
      '@opentelemetry/sdk-trace TracerProvider',
      () => new TracerProvider({ spanLimits: { attributeValueLengthLimit: 300 } }),
    ],
  ])('reads the limit given in code to a real %s', (_name, make) => {
    const span = make().getTracer('t').startSpan('s');
    expect(spanAttributeLengthLimit(span)).toBe(300);
    span.end();
  });
});

describe('setCappedAttribute', () => {
  it('writes valid JSON within a limit the span shows only by cutting', () => {
    const { span, attributes } = cuttingSpan(300);
    setCappedAttribute(span, 'gen_ai.input.messages', 32768, serialize);
    const json = attributes['gen_ai.input.messages'] as string;
    expect(json.length).toBeLessThanOrEqual(300);
    expect(JSON.parse(json)[0].parts[0].content).toMatch(/^x+$/);
  });

  it('writes once when the SDK keeps the value whole', () => {
    const calls: number[] = [];
    const { span, attributes } = cuttingSpan(100_000);
    setCappedAttribute(span, 'k', 32768, (cap) => {
      calls.push(cap);
      return serialize(cap);
    });
    expect(calls).toEqual([32768]);
    expect(JSON.parse(attributes.k as string)).toHaveLength(1);
  });

  it('writes nothing when there is nothing to write', () => {
    const { span, attributes } = cuttingSpan(10);
    setCappedAttribute(span, 'k', 100, () => undefined);
    expect(attributes).toEqual({});
  });
});
