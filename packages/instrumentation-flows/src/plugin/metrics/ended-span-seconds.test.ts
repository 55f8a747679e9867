import { endedSpanSeconds } from './ended-span-seconds';

type AnySpan = Parameters<typeof endedSpanSeconds>[0];
const span = (duration: unknown) => ({ duration }) as unknown as AnySpan;

describe('endedSpanSeconds', () => {
  it('reads an SDK span duration (HrTime) in seconds', () => {
    expect(endedSpanSeconds(span([2, 500_000_000]))).toBe(2.5);
    expect(endedSpanSeconds(span([0, 0]))).toBe(0);
  });

  it('is undefined for spans without a usable duration', () => {
    expect(endedSpanSeconds(undefined)).toBeUndefined();
    expect(endedSpanSeconds(span(undefined))).toBeUndefined();
    expect(endedSpanSeconds(span([1]))).toBeUndefined();
    expect(endedSpanSeconds(span(['1', 0]))).toBeUndefined();
    expect(endedSpanSeconds(span([-1, 0]))).toBeUndefined();
    expect(endedSpanSeconds(span([Number.NaN, 0]))).toBeUndefined();
    expect(endedSpanSeconds(span(1.5))).toBeUndefined();
  });
});
