import { toAttributeValue } from './to-attribute-value';

describe('toAttributeValue', () => {
  it.each([
    ['a string', 'x', 'x'],
    ['a boolean', false, false],
    ['a finite number', 1.5, 1.5],
    ['a homogeneous array', ['a', 'b'], ['a', 'b']],
    ['a mixed array, keeping the first type', [1, 'a', 2, null, Number.NaN], [1, 2]],
    ['an array without valid items', [null, {}], []],
  ])('keeps %s', (_label, input, expected) => {
    expect(toAttributeValue(input)).toEqual(expected);
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
