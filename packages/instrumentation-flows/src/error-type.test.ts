import { errorMessage, errorType } from './error-type';

class ValueError extends Error {}
class NamedError extends Error {
  override name = 'RateLimitError';
}
const trap = () => {
  throw new Error('trap');
};
/** A thrown value every read of which throws (its properties and its prototype). */
const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap });

describe('errorType', () => {
  it.each([
    ['a built-in error', new TypeError('x'), 'TypeError'],
    ['a subclass without its own name', new ValueError('x'), 'ValueError'],
    ['an error with its own name', new NamedError('x'), 'RateLimitError'],
    ['a plain Error', new Error('x'), 'Error'],
    ['a DOMException abort', new DOMException('aborted', 'AbortError'), 'AbortError'],
    ['a thrown string', 'boom', '_OTHER'],
    ['null', null, '_OTHER'],
    ['a plain object', { message: 'x' }, '_OTHER'],
    ['an object with a name', { name: 'ProviderError' }, 'ProviderError'],
    ['a thrown function', function notAnError() {}, '_OTHER'],
    ['an object whose own `constructor` claims a class', { constructor: { name: 'Fake' } }, '_OTHER'],
    [
      'an error with a 300-character name',
      Object.assign(new Error('x'), { name: 'N'.repeat(300) }),
      'N'.repeat(256),
    ],
  ])('is the name or class of %s', (_label, error, expected) => {
    expect(errorType(error)).toBe(expected);
  });

  it('is _OTHER when reading the error throws', () => {
    expect(errorType(hostile)).toBe('_OTHER');
  });
});

describe('errorMessage (the status message of flow and generation spans)', () => {
  it.each([
    ['an error', new TypeError('socket hang up'), 'socket hang up'],
    ['a thrown string', 'boom', 'boom'],
    ['a plain object with a message', { message: 'quota exceeded' }, 'quota exceeded'],
    ['a plain object without one', { code: 42 }, ''],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
  ])('is what %s says', (_label, error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });

  it('is empty when reading the error throws', () => {
    expect(errorMessage(hostile)).toBe('');
    expect(errorMessage(Symbol('s'))).toBe('Symbol(s)');
  });
});
