import { sumUsage } from './sum-usage';

describe('sumUsage', () => {
  it('adds each count over the usages that report it', () => {
    expect(
      sumUsage([
        { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4 },
        undefined,
        { inputTokens: 7, reasoningOutputTokens: 2 },
      ]),
    ).toEqual({ inputTokens: 17, outputTokens: 5, cacheReadInputTokens: 4, reasoningOutputTokens: 2 });
  });

  it('skips malformed counts instead of poisoning the sum', () => {
    const malformed = { inputTokens: Number.NaN, outputTokens: -3, totalTokens: '9' } as never;
    expect(sumUsage([{ inputTokens: 2, outputTokens: 1 }, malformed, null])).toEqual({
      inputTokens: 2,
      outputTokens: 1,
    });
  });

  it('is undefined when no usage has a count', () => {
    expect(sumUsage([])).toBeUndefined();
    expect(sumUsage([undefined, {}, { inputTokens: Number.POSITIVE_INFINITY }])).toBeUndefined();
  });
});
