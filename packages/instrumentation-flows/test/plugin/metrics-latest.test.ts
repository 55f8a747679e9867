import { runGenerationBatch } from '@mellea/core-hooks';
import { ValueType } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { TOKEN_USAGE_BUCKETS } from '../../src/semconv';
import { batchOf, CHAT_METRIC_ATTRIBUTES, CHAT_REQUEST, failWith, succeedWith } from '../support/generations';
import { type Harness, type MetricPoint, setupHarness } from '../support/otel-harness';
import { useSemconvOptIn } from '../support/semconv-opt-in';

const USAGE_COUNTERS = [
  'gen_ai.client.inference.usage.input_tokens',
  'gen_ai.client.inference.usage.output_tokens',
  'gen_ai.client.inference.usage.cache_read.input_tokens',
  'gen_ai.client.inference.usage.cache_write.input_tokens',
  'gen_ai.client.inference.usage.reasoning.output_tokens',
];

const named = (points: MetricPoint[], name: string) => points.filter((p) => p.name === name);
const only = (points: MetricPoint[], name: string) => {
  const found = named(points, name);
  if (found.length !== 1) throw new Error(`expected one ${name} point, got ${found.length}`);
  return found[0];
};

describe('BackendTracingPlugin metrics under gen_ai_latest_experimental', () => {
  let h: Harness;
  const setOptIn = useSemconvOptIn();
  beforeEach(() => {
    setOptIn('gen_ai_latest_experimental');
    h = setupHarness();
  });
  afterEach(() => h.teardown());

  it('counts every usage kind as integers with gen_ai.token.modality unknown', async () => {
    await succeedWith(h.bus, {
      model: 'gpt-4o-mini-2024-07-18',
      usage: {
        inputTokens: 100,
        outputTokens: 40,
        cacheReadInputTokens: 60,
        cacheCreationInputTokens: 8,
        reasoningOutputTokens: 25,
      },
    });
    const points = await h.metricPoints();
    const expected = { ...CHAT_METRIC_ATTRIBUTES, 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' };
    expect(USAGE_COUNTERS.map((n) => only(points, n).value)).toEqual([100, 40, 60, 8, 25]);
    for (const name of USAGE_COUNTERS) {
      const p = only(points, name);
      expect([p.kind, p.valueType, p.unit]).toEqual(['counter', ValueType.INT, '{token}']);
      expect(p.attributes).toEqual({ ...expected, 'gen_ai.token.modality': 'unknown' });
    }
  });

  it('records the per-operation token histograms as integers with the token buckets', async () => {
    await succeedWith(h.bus, { usage: { inputTokens: 12, outputTokens: 3 } });
    const points = await h.metricPoints();
    const input = only(points, 'gen_ai.client.inference.operation.input_tokens');
    const output = only(points, 'gen_ai.client.inference.operation.output_tokens');
    expect([(input.value as Histogram).sum, (output.value as Histogram).sum]).toEqual([12, 3]);
    expect([input.kind, input.valueType, input.unit]).toEqual(['histogram', ValueType.INT, '{token}']);
    expect(input.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(input.attributes).toEqual(CHAT_METRIC_ATTRIBUTES);
  });

  it('records the token metrics of a failed call: 0 when no usage, error.type on the histograms only', async () => {
    await failWith(h.bus, new TypeError('socket hang up'));
    const points = await h.metricPoints();
    for (const name of USAGE_COUNTERS) {
      const p = only(points, name);
      expect(p.value).toBe(0);
      expect(p.attributes).toEqual({ ...CHAT_METRIC_ATTRIBUTES, 'gen_ai.token.modality': 'unknown' });
    }
    const input = only(points, 'gen_ai.client.inference.operation.input_tokens');
    expect((input.value as Histogram).count).toBe(1);
    expect((input.value as Histogram).sum).toBe(0);
    expect(input.attributes).toEqual({ ...CHAT_METRIC_ATTRIBUTES, 'error.type': 'TypeError' });
    expect(only(points, 'gen_ai.client.inference.duration').attributes['error.type']).toBe('TypeError');
  });

  it('records a batch failure with its token counters at 0', async () => {
    const failing = runGenerationBatch(
      { operation: 'text_completion', provider: 'openai', model: 'm', size: 2 },
      async () => {
        throw new RangeError('rate limited');
      },
      () => ({ responses: [] }),
      { bus: h.bus },
    );
    await expect(failing).rejects.toThrow('rate limited');
    const points = await h.metricPoints();
    expect(only(points, 'gen_ai.client.inference.usage.input_tokens').value).toBe(0);
    expect(only(points, 'gen_ai.client.inference.duration').attributes['error.type']).toBe('RangeError');
  });

  it('puts embeddings on gen_ai.client.operation.duration, not on the inference metrics', async () => {
    await succeedWith(
      h.bus,
      { usage: { inputTokens: 7 } },
      { ...CHAT_REQUEST, operation: 'embeddings', model: 'text-embedding-3-small' },
    );
    const points = await h.metricPoints();
    expect(points.map((p) => p.name)).toEqual(['gen_ai.client.operation.duration']);
    expect(points[0].attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(points[0].kind).toBe('histogram');
  });

  it('records a batch as one inference with the batch usage', async () => {
    await batchOf(h.bus, [{}, {}], { inputTokens: 30, outputTokens: 12 });
    const points = await h.metricPoints();
    expect(only(points, 'gen_ai.client.inference.usage.input_tokens').value).toBe(30);
    expect(only(points, 'gen_ai.client.inference.usage.output_tokens').value).toBe(12);
    expect((only(points, 'gen_ai.client.inference.duration').value as Histogram).count).toBe(1);
  });
});

describe('BackendTracingPlugin token usage by default (v1.41)', () => {
  let h: Harness;
  afterEach(() => h.teardown());

  it('records gen_ai.client.token.usage as an int histogram', async () => {
    h = setupHarness();
    await succeedWith(h.bus, { usage: { inputTokens: 3, outputTokens: 2 } });
    const [usage] = named(await h.metricPoints(), 'gen_ai.client.token.usage');
    expect([usage.kind, usage.valueType]).toEqual(['histogram', ValueType.INT]);
  });
});
