import { endedSpanSeconds, MAX_METRIC_ATTRIBUTE_SETS, MetricAttributeCache } from './generation-metrics';

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

describe('MetricAttributeCache', () => {
  const request = (model: string, errorFree = true) => ({
    operation: 'chat',
    provider: 'openai',
    model,
    serverAddress: errorFree ? 'api.openai.com' : undefined,
    serverPort: errorFree ? 443 : undefined,
  });
  const common = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'm',
    'gen_ai.response.model': 'm-1',
    'server.address': 'api.openai.com',
    'server.port': 443,
  };

  it('builds the v1.41 sets once per combination, frozen', () => {
    const cache = new MetricAttributeCache(false);
    const sets = cache.of(request('m'), 'm-1', undefined);
    expect(sets.common).toEqual(common);
    expect(sets.withError).toBe(sets.common);
    expect(sets.input).toEqual({ ...common, 'gen_ai.token.type': 'input' });
    expect(sets.output).toEqual({ ...common, 'gen_ai.token.type': 'output' });
    for (const attrs of [sets, sets.common, sets.input, sets.output])
      expect(Object.isFrozen(attrs)).toBe(true);
    cache.of(request('other'), undefined, undefined);
    expect(cache.of(request('m'), 'm-1', undefined)).toBe(sets);
    expect(cache.size).toBe(2);
  });

  it('keeps error.type and each optional field apart in its key', () => {
    const cache = new MetricAttributeCache(true);
    const ok = cache.of(request('m'), 'm-1', undefined);
    const failed = cache.of(request('m'), 'm-1', 'TypeError');
    expect(failed.withError).toEqual({ ...common, 'error.type': 'TypeError' });
    expect(failed.input).toEqual({ ...common, 'gen_ai.token.modality': 'unknown' });
    expect(failed.output).toBe(failed.input);
    expect(ok.withError).toEqual(common);
    const noServer = cache.of(request('m', false), 'm-1', undefined);
    expect(noServer.common).not.toHaveProperty('server.address');
    expect(cache.of(request('m'), undefined, undefined).common).not.toHaveProperty('gen_ai.response.model');
    expect(cache.size).toBe(4);
  });

  it(`keeps at most ${MAX_METRIC_ATTRIBUTE_SETS} combinations, however many models come by`, () => {
    const cache = new MetricAttributeCache(false);
    const first = cache.of(request('model-0'), undefined, undefined);
    for (let i = 1; i < 5 * MAX_METRIC_ATTRIBUTE_SETS; i++) {
      const sets = cache.of(request(`model-${i}`), undefined, undefined);
      expect(sets.common['gen_ai.request.model']).toBe(`model-${i}`);
    }
    expect(cache.size).toBe(MAX_METRIC_ATTRIBUTE_SETS);
    // The oldest went first: model-0 is built again, with the same content.
    const again = cache.of(request('model-0'), undefined, undefined);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(cache.size).toBe(MAX_METRIC_ATTRIBUTE_SETS);
  });
});
