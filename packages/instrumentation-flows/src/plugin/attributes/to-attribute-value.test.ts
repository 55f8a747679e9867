import { isAttributeValue } from '@opentelemetry/core';
import fc from 'fast-check';
import { toAttributeValue } from './to-attribute-value';

describe('toAttributeValue', () => {
  it.each([
    ['a string', 'x', 'x'],
    ['a boolean', false, false],
    ['a finite number', 1.5, 1.5],
    ['a homogeneous array', ['a', 'b'], ['a', 'b']],
    [
      'an array with null and undefined entries (as OTel allows)',
      [1, null, 2, undefined],
      [1, null, 2, undefined],
    ],
    ['an empty array', [], []],
    ['an array of only null entries', [null, null], [null, null]],
  ])('keeps %s', (_label, input, expected) => {
    expect(toAttributeValue(input)).toEqual(expected);
  });

  it.each([
    ['mixed types', [1, 'a', 2]],
    ['an object entry', [null, {}]],
    ['a non-finite number', [1, Number.NaN]],
    ['a nested array', [['a']]],
  ])('rejects a whole array with %s, as OTel rejects it', (_label, input) => {
    expect(toAttributeValue(input)).toBeUndefined();
  });

  it('accepts exactly what @opentelemetry/core isAttributeValue accepts, finite numbers only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.array(
            fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
          ),
        ),
        (value) => {
          const finite = (v: unknown) => typeof v !== 'number' || Number.isFinite(v);
          const expected =
            value !== null &&
            value !== undefined &&
            isAttributeValue(value) &&
            (Array.isArray(value) ? value.every(finite) : finite(value));
          expect(toAttributeValue(value) !== undefined).toBe(expected);
          if (expected) expect(toAttributeValue(value)).toBe(value);
        },
      ),
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['undefined', undefined],
    ['an object', { a: 1 }],
    ['a bigint', 1n],
    ['a function', () => 1],
  ])('drops %s', (_label, input) => {
    expect(toAttributeValue(input)).toBeUndefined();
  });
});
