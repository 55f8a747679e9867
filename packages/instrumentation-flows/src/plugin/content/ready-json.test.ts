import fc from 'fast-check';
import { defaultRedactor } from '../redact/default-redactor';
import { quoteJson, readyJson } from './ready-json';
import { toJsonSafe } from './to-json-safe';

const message = (content: string) => [{ role: 'user', parts: [{ type: 'text', content }] }];

/** Strings with what JSON escapes: quotes, backslashes, control characters, lone and paired surrogates. */
const awkward = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\ud800', '\udc00', '😀', 'a', ' '),
  }),
);

describe('quoteJson', () => {
  it('is JSON.stringify for any string', () => {
    fc.assert(fc.property(awkward, (text) => quoteJson(text) === JSON.stringify(text)));
  });
});

describe('readyJson', () => {
  it('writes a small clean message list as JSON.stringify does', () => {
    const messages = [
      ...message('hello "world"\n'),
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', name: 'f', arguments: { a: 1, b: [true, null, 2.5] } }],
      },
      {
        role: 'tool',
        parts: [],
        'odd "key"': {},
        skipped: undefined,
        f: () => 1,
        list: [undefined, () => 1],
      },
    ];
    expect(readyJson(messages, 100, defaultRedactor, Number.POSITIVE_INFINITY)).toBe(
      JSON.stringify(messages),
    );
  });

  it.each([
    ['a string over maxLength', message('x'.repeat(101))],
    ['a secret the redactor changes', message('key sk-proj-abcdefghijklmnop')],
    ['a bigint', [{ n: 1n }]],
    ['a class instance (toJSON could run)', [new Date(0)]],
    ['a byte array', [new Uint8Array(2)]],
    ['a top-level function', () => 1],
  ])('sends %s to the copying path', (_label, value) => {
    expect(readyJson(value, 100, defaultRedactor, Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('sends JSON longer than the cap to the copying path', () => {
    const value = message('x'.repeat(50));
    const json = JSON.stringify(value);
    expect(readyJson(value, 100, undefined, json.length)).toBe(json);
    expect(readyJson(value, 100, undefined, json.length - 1)).toBeUndefined();
  });

  it('sends cycles and exponentially shared objects to the copying path, in bounded time', () => {
    const self: Record<string, unknown> = {};
    self.a = self;
    self.b = self;
    expect(readyJson(self, 100, undefined, Number.POSITIVE_INFINITY)).toBeUndefined();
    let shared: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 40; i++) shared = { left: shared, right: shared };
    expect(readyJson(shared, 100, undefined, Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('writes every JSON value as JSON.stringify does', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        awkward,
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(awkward, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(readyJson(value, Number.POSITIVE_INFINITY, undefined, Number.POSITIVE_INFINITY)).toBe(
          JSON.stringify(value),
        );
      }),
    );
  });

  it('is either undefined or the JSON of the copy, within the cap, for anything', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 200 }),
        fc.boolean(),
        (value, maxLength, cap, redact) => {
          const r = redact ? defaultRedactor : undefined;
          const json = readyJson(value, maxLength, r, cap);
          if (json === undefined) return;
          expect(json.length).toBeLessThanOrEqual(cap);
          expect(json).toBe(JSON.stringify(toJsonSafe(value, maxLength, r)));
        },
      ),
    );
  });
});
