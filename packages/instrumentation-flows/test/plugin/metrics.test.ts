import { newGenerationId } from '@mellea/core-hooks';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace-base';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '../../src/semconv';
import { batchOf, CHAT_METRIC_ATTRIBUTES, CHAT_REQUEST, failWith, succeedWith } from '../support/generations';
import { type Harness, type HarnessOptions, type MetricPoint, setupHarness } from '../support/otel-harness';
import { useSemconvOptIn } from '../support/semconv-opt-in';

const named = (points: MetricPoint[], name: string) => points.filter((p) => p.name === name);

describe('BackendTracingPlugin metrics', () => {
  let h: Harness;
  const setOptIn = useSemconvOptIn();
  afterEach(async () => {
    await h.teardown();
  });
  const setup = (options: HarnessOptions = {}) => {
    h = setupHarness(options);
    return h;
  };

  const stream = (timeToFirstChunkMs: number, latencyMs: number, chunkCount: number) => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, stream: true, generationId });
    h.bus.emit('generation_post_call', {
      generationId,
      response: { model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 9, outputTokens: 20 } },
      latencyMs,
      timeToFirstChunkMs,
      chunkCount,
    });
  };

  it('records operation duration with the semconv buckets and the common attributes', async () => {
    setup();
    await succeedWith(h.bus, { model: 'gpt-4o-mini-2024-07-18' });
    const [duration] = named(await h.metricPoints(), 'gen_ai.client.operation.duration');
    expect(duration.unit).toBe('s');
    expect(duration.boundaries).toEqual(DURATION_BUCKETS);
    expect(duration.attributes).toEqual({
      ...CHAT_METRIC_ATTRIBUTES,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    });
    expect((duration.value as Histogram).count).toBe(1);
  });

  it('records the duration of failures with error.type', async () => {
    setup();
    await failWith(h.bus, new TypeError('socket hang up'));
    const [duration] = named(await h.metricPoints(), 'gen_ai.client.operation.duration');
    expect(duration.attributes['error.type']).toBe('TypeError');
    expect((duration.value as Histogram).count).toBe(1);
  });

  it('takes the duration from the ended span when a terminal payload has no usable latencyMs', async () => {
    setup();
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId });
    await new Promise((r) => setTimeout(r, 20));
    h.bus.emit('generation_post_call', { generationId, response: {}, latencyMs: Number.NaN });
    const [duration] = named(await h.metricPoints(), 'gen_ai.client.operation.duration');
    const histogram = duration.value as Histogram;
    expect(histogram.count).toBe(1);
    const [s, ns] = h.span().duration;
    expect(histogram.sum).toBeCloseTo(s + ns / 1e9, 6);
    expect(histogram.sum).toBeGreaterThanOrEqual(0.015);
  });

  it('records no duration when neither the payload nor the span knows it (a non-recording span)', async () => {
    setup({ sampler: new AlwaysOffSampler() });
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId });
    h.bus.emit('generation_post_call', {
      generationId,
      response: { usage: { inputTokens: 4, outputTokens: 2 } },
      latencyMs: -1,
    });
    const points = await h.metricPoints();
    expect(named(points, 'gen_ai.client.operation.duration')).toEqual([]);
    expect(named(points, 'gen_ai.client.token.usage')).toHaveLength(2);
  });

  it('puts error.type on the duration of a failure, never on its token usage', async () => {
    setup();
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId });
    h.bus.emit('generation_error', {
      generationId,
      error: new TypeError('connection reset'),
      cancelled: false,
      source: 'call',
      latencyMs: 30,
      response: { usage: { inputTokens: 7, outputTokens: 3 } },
    });
    const points = await h.metricPoints();
    const [duration] = named(points, 'gen_ai.client.operation.duration');
    expect(duration.attributes['error.type']).toBe('TypeError');
    const usage = named(points, 'gen_ai.client.token.usage');
    expect(usage.map((p) => p.attributes)).toEqual([
      { ...CHAT_METRIC_ATTRIBUTES, 'gen_ai.token.type': 'input' },
      { ...CHAT_METRIC_ATTRIBUTES, 'gen_ai.token.type': 'output' },
    ]);
  });

  it('records token usage per gen_ai.token.type with the token buckets', async () => {
    setup();
    await succeedWith(h.bus, { usage: { inputTokens: 10, outputTokens: 5 } });
    const usage = named(await h.metricPoints(), 'gen_ai.client.token.usage');
    expect(usage.map((p) => [p.attributes['gen_ai.token.type'], (p.value as Histogram).sum])).toEqual([
      ['input', 10],
      ['output', 5],
    ]);
    expect(usage[0].unit).toBe('{token}');
    expect(usage[0].boundaries).toEqual(TOKEN_USAGE_BUCKETS);
  });

  it('records no token usage when the counts are unknown', async () => {
    setup();
    await succeedWith(h.bus, {});
    expect(named(await h.metricPoints(), 'gen_ai.client.token.usage')).toEqual([]);
  });

  it('records time to first chunk and time per output chunk for streams, in seconds', async () => {
    setup();
    stream(200, 1200, 5);
    const points = await h.metricPoints();
    const [ttfc] = named(points, 'gen_ai.client.operation.time_to_first_chunk');
    const [tpoc] = named(points, 'gen_ai.client.operation.time_per_output_chunk');
    expect((ttfc.value as Histogram).sum).toBeCloseTo(0.2);
    expect((tpoc.value as Histogram).sum).toBeCloseTo(0.25);
    expect(ttfc.boundaries).toEqual(DURATION_BUCKETS);
    const [duration] = named(points, 'gen_ai.client.operation.duration');
    expect((duration.value as Histogram).sum).toBeCloseTo(1.2);
  });

  it('records no chunk metrics for calls that are not streamed', async () => {
    setup();
    await succeedWith(h.bus, {});
    const names = (await h.metricPoints()).map((p) => p.name);
    expect(names).toEqual(['gen_ai.client.operation.duration']);
  });

  it('records cancelled generations with error.type cancelled', () => {
    setup();
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId });
    h.bus.emit('generation_error', {
      generationId,
      error: new Error('stopped'),
      cancelled: true,
      source: 'consumer',
      latencyMs: 40,
    });
    return h.metricPoints().then((points) => {
      const [duration] = named(points, 'gen_ai.client.operation.duration');
      expect(duration.attributes['error.type']).toBe('cancelled');
      expect((duration.value as Histogram).sum).toBeCloseTo(0.04);
    });
  });

  it('records batch duration and the batch usage', async () => {
    setup();
    await batchOf(h.bus, [{ model: 'gpt-3.5-turbo-instruct' }, {}], { inputTokens: 30, outputTokens: 12 });
    const points = await h.metricPoints();
    const [duration] = named(points, 'gen_ai.client.operation.duration');
    expect(duration.attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.response.model': 'gpt-3.5-turbo-instruct',
    });
    expect(named(points, 'gen_ai.client.token.usage').map((p) => (p.value as Histogram).sum)).toEqual([
      30, 12,
    ]);
  });

  it('records nothing with metrics: false', async () => {
    setup({ plugin: { metrics: false } });
    await succeedWith(h.bus, { usage: { inputTokens: 10, outputTokens: 5 } });
    stream(200, 1200, 5);
    expect(await h.metricPoints()).toEqual([]);
  });

  it('uses the latest experimental names under OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental', async () => {
    setOptIn('http,gen_ai_latest_experimental');
    setup();
    await succeedWith(h.bus, {
      usage: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 4 },
    });
    stream(200, 1200, 5);
    const points = await h.metricPoints();
    expect([...new Set(points.map((p) => p.name))].sort()).toEqual([
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.usage.cache_read.input_tokens',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.reasoning.output_tokens',
    ]);
    // Both calls share one attribute set (the stream's response model aside): one counter point each.
    const input = named(points, 'gen_ai.client.inference.usage.input_tokens');
    expect(input.map((p) => p.value)).toEqual([10, 9]);
    expect(input[0].attributes['gen_ai.token.type']).toBeUndefined();
    const span = h.spans()[0];
    expect(span.attributes['gen_ai.usage.cache_write.input_tokens']).toBe(4);
    expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBeUndefined();
    expect(span.instrumentationScope.schemaUrl).toBeUndefined();
  });

  it('names tracer and meter after the package, with its version and the v1.41 schema by default', async () => {
    setup();
    await succeedWith(h.bus, { usage: { inputTokens: 1, outputTokens: 1 } });
    const scope = h.span().instrumentationScope;
    expect(scope.name).toBe('@mellea/instrumentation-flows');
    expect(scope.version).toBe(require('../../package.json').version);
    expect(scope.schemaUrl).toBe('https://opentelemetry.io/schemas/1.41.0');
    const { resourceMetrics } = await h.reader.collect();
    expect(resourceMetrics.scopeMetrics.map((s) => s.scope)).toEqual([
      {
        name: '@mellea/instrumentation-flows',
        version: scope.version,
        schemaUrl: 'https://opentelemetry.io/schemas/1.41.0',
      },
    ]);
  });

  it('records every model with its own attributes when more models come by than the plugin caches sets for', async () => {
    setup();
    const models = Array.from({ length: 300 }, (_, i) => `model-${i}`);
    for (const model of [...models, ...models])
      await succeedWith(h.bus, { usage: { inputTokens: 2, outputTokens: 3 } }, { ...CHAT_REQUEST, model });
    const durations = named(await h.metricPoints(), 'gen_ai.client.operation.duration');
    expect(durations).toHaveLength(models.length);
    for (const point of durations) {
      expect(point.attributes).toEqual({
        ...CHAT_METRIC_ATTRIBUTES,
        'gen_ai.request.model': point.attributes['gen_ai.request.model'],
      });
      expect((point.value as Histogram).count).toBe(2);
    }
    expect(new Set(durations.map((p) => p.attributes['gen_ai.request.model']))).toEqual(new Set(models));
  });

  it('uses the providers given in the options instead of the global ones', async () => {
    setup({ explicitProviders: true });
    await succeedWith(h.bus, { usage: { inputTokens: 1, outputTokens: 1 } });
    expect(h.spans()).toHaveLength(1);
    expect(named(await h.metricPoints(), 'gen_ai.client.operation.duration')).toHaveLength(1);
  });
});
