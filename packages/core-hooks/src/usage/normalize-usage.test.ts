import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Usage } from '../types/payloads';
import { normalizeUsage } from './normalize-usage';
import { sumUsage } from './sum-usage';

interface UsageCase {
  name: string;
  /** Provider fixtures: where the shape (and, when recorded, the counts) come from. */
  source?: string;
  raw: unknown;
  expected: Usage | null;
}

function readCases(file: string): UsageCase[] {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', file), 'utf8'));
}

const cases = readCases('normalize-usage-cases.json');
const providerCases = readCases('provider-usage.json');

describe('normalizeUsage', () => {
  test.each(cases.map((c): [string, unknown, Usage | null] => [c.name, c.raw, c.expected]))(
    '%s',
    (_name, raw, expected) => {
      expect(normalizeUsage(raw)).toEqual(expected ?? undefined);
    },
  );

  describe('real provider usage objects (redacted), each labelled with its source', () => {
    test.each(providerCases.map((c): [string, UsageCase] => [c.name, c]))('%s', (_name, c) => {
      expect(c.source).toMatch(/\S/);
      expect(normalizeUsage(c.raw)).toEqual(c.expected);
    });
  });

  test('NaN and Infinity are dropped like other non-numbers', () => {
    expect(
      normalizeUsage({ prompt_tokens: Number.NaN, completion_tokens: Number.POSITIVE_INFINITY }),
    ).toEqual({});
  });
});

describe('sumUsage', () => {
  test('adds field by field and keeps only fields some usage has', () => {
    expect(
      sumUsage([
        { inputTokens: 1, outputTokens: 2 },
        undefined,
        { inputTokens: 3, reasoningOutputTokens: 1 },
      ]),
    ).toEqual({ inputTokens: 4, outputTokens: 2, reasoningOutputTokens: 1 });
  });

  test('is undefined when no usage has any count', () => {
    expect(sumUsage([undefined, {}])).toBeUndefined();
  });
});
