import { newGenerationId } from './new-generation-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newGenerationId', () => {
  test('gives UUID v4 strings (version and variant bits set), all distinct, across pool refills', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = newGenerationId();
      expect(id).toMatch(UUID_V4);
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
  });

  test('uses every hex digit in every free position (no stuck bits)', () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const id = newGenerationId();
      for (let j = 0; j < 36; j++) seen[j].add(id[j]);
    }
    const fixed = new Map([
      [8, 1],
      [13, 1],
      [14, 1],
      [18, 1],
      [19, 4],
      [23, 1],
    ]);
    expect(seen.map((chars) => chars.size)).toEqual(seen.map((_, j) => fixed.get(j) ?? 16));
  });
});
