import fc from 'fast-check';
import { defaultRedactor } from '../redact/default-redactor';
import { serializeMessages } from './serialize-messages';

const text = (content: string) => ({ role: 'user', parts: [{ type: 'text', content }] });

describe('serializeMessages', () => {
  it('serializes messages as they are when they fit', () => {
    const messages = [
      text('hello'),
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'f', arguments: { a: 1 } }] },
    ];
    expect(
      JSON.parse(serializeMessages(messages, { maxContentLength: 100, maxAttributeLength: 1000 })!),
    ).toEqual(messages);
  });

  it('cuts each string at maxContentLength', () => {
    const json = serializeMessages([text('a'.repeat(50))], {
      maxContentLength: 10,
      maxAttributeLength: 1000,
    });
    expect(JSON.parse(json!)[0].parts[0].content).toBe('a'.repeat(10));
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const json = serializeMessages([text('😀'.repeat(10))], {
      maxContentLength: 5,
      maxAttributeLength: 1000,
    });
    expect(JSON.parse(json!)[0].parts[0].content).toBe('😀😀');
  });

  it('shrinks every string when the whole is too long', () => {
    const messages = Array.from({ length: 10 }, (_, i) => text(String(i).repeat(100)));
    const json = serializeMessages(messages, { maxContentLength: 100, maxAttributeLength: 800 })!;
    expect(json.length).toBeLessThanOrEqual(800);
    const parsed = JSON.parse(json);
    expect(parsed).toHaveLength(10);
    expect(parsed[9].parts[0].content).toMatch(/^9+$/);
  });

  it('keeps the first items that fit when the structure alone is too big', () => {
    const messages = Array.from({ length: 200 }, () => text('x'));
    const json = serializeMessages(messages, { maxContentLength: 100, maxAttributeLength: 300 })!;
    expect(json.length).toBeLessThanOrEqual(300);
    const parsed = JSON.parse(json);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.length).toBeLessThan(200);
    expect(parsed[0]).toEqual(text('x'));
  });

  it('returns undefined when nothing fits', () => {
    expect(
      serializeMessages({ a: 'b'.repeat(100) }, { maxContentLength: 100, maxAttributeLength: 5 }),
    ).toBeUndefined();
  });

  it('redacts before cutting, so a secret at the cut does not leak its beginning', () => {
    const secret = 'sk-proj-4fQ9xT2mLr8vBn3cKp7wZs1y';
    const json = serializeMessages([text(`${'.'.repeat(10)}${secret}`)], {
      maxContentLength: 20,
      maxAttributeLength: 1000,
      redact: defaultRedactor,
    })!;
    expect(JSON.parse(json)[0].parts[0].content).toBe('..........sk-[REDACT');
  });

  it('copies values JSON cannot hold into JSON-safe ones', () => {
    const cyclic: Record<string, unknown> = { role: 'user' };
    cyclic.self = cyclic;
    const json = serializeMessages(
      [cyclic, { n: Number.NaN, big: 10n, bytes: new Uint8Array([1, 2, 3]), at: new Date(0), f: () => 1 }],
      { maxContentLength: 100, maxAttributeLength: 1000 },
    )!;
    expect(JSON.parse(json)).toEqual([
      { role: 'user' },
      { n: null, big: '10', bytes: 'AQID', at: '1970-01-01T00:00:00.000Z' },
    ]);
  });

  it('stays bounded on exponentially shared objects', () => {
    let shared: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 40; i++) shared = { left: shared, right: shared };
    const json = serializeMessages(shared, { maxContentLength: 100, maxAttributeLength: 100_000 });
    expect(json === undefined || json.length <= 100_000).toBe(true);
  });

  it('returns undefined when reading the content throws', () => {
    const hostile = {
      get parts() {
        throw new Error('getter');
      },
    };
    expect(serializeMessages([hostile], { maxContentLength: 100, maxAttributeLength: 1000 })).toBeUndefined();
  });

  it('always yields valid JSON within the cap, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 2000 }),
        (value, maxContentLength, maxAttributeLength) => {
          const json = serializeMessages(value, {
            maxContentLength,
            maxAttributeLength,
            redact: defaultRedactor,
          });
          if (json === undefined) return;
          expect(json.length).toBeLessThanOrEqual(maxAttributeLength);
          expect(() => JSON.parse(json)).not.toThrow();
        },
      ),
    );
  });
});
