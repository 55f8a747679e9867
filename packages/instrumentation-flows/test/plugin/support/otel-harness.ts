import { HookBus } from '@mellea/core-hooks';
import { context, metrics, propagation, trace, type ValueType } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type DataPoint,
  DataPointType,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  type SpanLimits,
} from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin, type BackendTracingPluginOptions } from '../../../src/index';
import { RecordingSampler } from './recording-sampler';

/** A MetricReader the test collects from on demand. */
export class TestMetricReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One recorded metric point, flattened for assertions. */
export interface MetricPoint {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  value: unknown;
  boundaries?: number[];
  /** The instrument kind, as exported: `histogram`, `counter` (a monotonic sum), ... */
  kind: 'histogram' | 'counter' | 'updowncounter' | 'gauge' | 'exponential_histogram';
  valueType: ValueType;
}

/** The real OTel SDK wired globally, a bus with the plugin on it, and readers for both signals. */
export interface Harness {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  meterProvider: MeterProvider;
  reader: TestMetricReader;
  bus: HookBus;
  plugin: BackendTracingPlugin;
  unregister: () => void;
  spans(): ReadableSpan[];
  span(name?: string): ReadableSpan;
  metricPoints(): Promise<MetricPoint[]>;
  teardown(): Promise<void>;
}

export interface HarnessOptions {
  sampler?: Sampler;
  spanLimits?: SpanLimits;
  plugin?: BackendTracingPluginOptions;
  /** Register the plugin (default true). */
  register?: boolean;
  /** Pass the providers to the plugin explicitly instead of registering them globally. */
  explicitProviders?: boolean;
}

/** Sets up the real SDK: AsyncLocalStorage context manager, in-memory span exporter, metric reader. */
export function setupHarness(options: HarnessOptions = {}): Harness {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    sampler: options.sampler,
    spanLimits: options.spanLimits,
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  if (!options.explicitProviders) {
    trace.setGlobalTracerProvider(provider);
    metrics.setGlobalMeterProvider(meterProvider);
  }
  const bus = new HookBus();
  const plugin = new BackendTracingPlugin(
    options.explicitProviders
      ? { tracerProvider: provider, meterProvider, ...options.plugin }
      : { ...options.plugin },
  );
  const unregister = options.register === false ? () => {} : plugin.register(bus);
  const spans = () => exporter.getFinishedSpans();
  return {
    provider,
    exporter,
    meterProvider,
    reader,
    bus,
    plugin,
    unregister,
    spans,
    span(name?: string) {
      const all = spans().filter((s) => name === undefined || s.name === name);
      if (all.length !== 1)
        throw new Error(`expected one span${name ? ` named ${name}` : ''}, got ${all.length}`);
      return all[0];
    },
    async metricPoints() {
      const { resourceMetrics } = await reader.collect();
      return flattenMetrics(resourceMetrics);
    },
    async teardown() {
      unregister();
      await provider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function kindOf(metric: MetricData): MetricPoint['kind'] {
  switch (metric.dataPointType) {
    case DataPointType.HISTOGRAM:
      return 'histogram';
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return 'exponential_histogram';
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'updowncounter';
    default:
      return 'gauge';
  }
}

function flattenMetrics(rm: ResourceMetrics): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const scope of rm.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const dp of metric.dataPoints as DataPoint<unknown>[]) {
        const value = dp.value as Histogram | number;
        out.push({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          kind: kindOf(metric),
          valueType: metric.descriptor.valueType,
          attributes: dp.attributes,
          value,
          boundaries:
            typeof value === 'object' && value !== null && 'buckets' in value
              ? value.buckets.boundaries
              : undefined,
        });
      }
    }
  }
  return out;
}

/**
 * A fresh harness for every test of the enclosing `describe`, its provider sampling through a
 * `RecordingSampler` (so tests see what samplers see at span start); torn down after each test.
 */
export function useRecordingHarness(): { readonly h: Harness; readonly sampler: RecordingSampler } {
  let current: { h: Harness; sampler: RecordingSampler } | undefined;
  beforeEach(() => {
    const sampler = new RecordingSampler();
    current = { h: setupHarness({ sampler }), sampler };
  });
  afterEach(() => current?.h.teardown());
  const now = () => {
    if (current === undefined) throw new Error('useRecordingHarness: use it inside a test');
    return current;
  };
  return {
    get h() {
      return now().h;
    },
    get sampler() {
      return now().sampler;
    },
  };
}
