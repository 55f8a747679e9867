import { defaultRedactor } from '../redact/default-redactor';
import { isJsonReady } from './is-json-ready';

const message = (content: string) => [{ role: 'user', parts: [{ type: 'text', content }] }];

describe('isJsonReady', () => {
  it('accepts a small clean message list', () => {
    expect(isJsonReady(message('hello'), 100, defaultRedactor)).toBe(true);
  });

  it.each([
    ['a string over maxLength', message('x'.repeat(101))],
    ['a secret the redactor changes', message('key sk-proj-abcdefghijklmnop')],
    ['a bigint', [{ n: 1n }]],
    ['a class instance (toJSON could run)', [new Date(0)]],
    ['a byte array', [new Uint8Array(2)]],
  ])('sends %s to the copying path', (_label, value) => {
    expect(isJsonReady(value, 100, defaultRedactor)).toBe(false);
  });

  it('sends cycles and exponentially shared objects to the copying path, in bounded time', () => {
    const self: Record<string, unknown> = {};
    self.a = self;
    self.b = self;
    expect(isJsonReady(self, 100, undefined)).toBe(false);
    let shared: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 40; i++) shared = { left: shared, right: shared };
    expect(isJsonReady(shared, 100, undefined)).toBe(false);
  });
});
