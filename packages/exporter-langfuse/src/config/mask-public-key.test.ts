import fc from 'fast-check';
import { maskPublicKey } from './mask-public-key';

describe('maskPublicKey', () => {
  it('keeps the first 8 and last 2 characters of a Langfuse key', () => {
    expect(maskPublicKey('pk-lf-1234567890ab')).toBe('pk-lf-12…ab');
  });

  it('never shows the whole key, whatever its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 80 }), (key) => {
        const masked = maskPublicKey(key);
        expect(masked.includes(key)).toBe(false);
      }),
    );
  });
});
