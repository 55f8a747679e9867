import { HookBus, runGeneration } from '@mellea/core-hooks';
import { context, createNoopMeter, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type Histogram, MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin } from '../../src/index';
import { CHAT_REQUEST, failWith, succeedWith } from '../support/generations';
import { TestMetricReader } from '../support/otel-harness';

const DURATION = 'gen_ai.client.operation.duration';

/** Data points of the duration histogram per request model. */
async function durationsByModel(reader: TestMetricReader): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      if (metric.descriptor.name === DURATION)
        for (const dp of metric.dataPoints)
          out[String(dp.attributes['gen_ai.request.model'])] = (dp.value as Histogram).count;
  return out;
}

const genAiCalls = (spy: jest.SpyInstance) =>
  spy.mock.calls.filter((args) => Object.keys(args[1] ?? {}).some((k) => k.startsWith('gen_ai.')));

// Issue 12: the default options (metrics on, no MeterProvider) do no metric work per generation,
// and start recording as soon as a MeterProvider is there.
describe('BackendTracingPlugin metrics before and after a MeterProvider exists', () => {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const providers: MeterProvider[] = [];
  const noopHistogram = Object.getPrototypeOf(createNoopMeter().createHistogram('h'));
  const noopCounter = Object.getPrototypeOf(createNoopMeter().createCounter('c'));
  let bus: HookBus;
  let plugin: BackendTracingPlugin;

  const meterProvider = () => {
    const reader = new TestMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    providers.push(provider);
    return { provider, reader };
  };
  const generate = (model: string) =>
    succeedWith(
      bus,
      { usage: { inputTokens: 3, outputTokens: 4 } },
      {
        ...CHAT_REQUEST,
        model,
      },
    );

  beforeEach(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    bus = new HookBus();
    plugin = new BackendTracingPlugin({ tracerProvider });
    plugin.register(bus);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    exporter.reset();
    for (const p of providers.splice(0)) await p.shutdown();
    metrics.disable();
    context.disable();
  });

  it('hands nothing to the no-op meter while no MeterProvider is registered, and still traces', async () => {
    const record = jest.spyOn(noopHistogram, 'record');
    const add = jest.spyOn(noopCounter, 'add');
    await generate('no-provider');
    await failWith(bus, new TypeError('boom'));
    // (The tracing SDK counts its own spans through the no-op meter: only GenAI records count here.)
    expect(genAiCalls(record)).toEqual([]);
    expect(genAiCalls(add)).toEqual([]);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['chat no-provider', 'chat gpt-4o-mini']);
  });

  it('records through a global MeterProvider registered after the first generation, from the next one on', async () => {
    await generate('before');
    const late = meterProvider();
    metrics.setGlobalMeterProvider(late.provider);
    await generate('after');
    await generate('after');
    expect(await durationsByModel(late.reader)).toEqual({ after: 2 });
  });

  it('setMeterProvider: the no-op provider follows the global one; a real one is used from the next record on', async () => {
    plugin.setMeterProvider(metrics.getMeterProvider()); // what registerInstrumentations hands over early
    const global = meterProvider();
    metrics.setGlobalMeterProvider(global.provider);
    await generate('global');
    const handed = meterProvider();
    plugin.setMeterProvider(handed.provider);
    await generate('handed');
    expect(await durationsByModel(global.reader)).toEqual({ global: 1 });
    expect(await durationsByModel(handed.reader)).toEqual({ handed: 1 });
  });

  it('stops recording when the global MeterProvider is removed again', async () => {
    const global = meterProvider();
    metrics.setGlobalMeterProvider(global.provider);
    await generate('registered');
    metrics.disable();
    const record = jest.spyOn(noopHistogram, 'record');
    await generate('removed');
    expect(genAiCalls(record)).toEqual([]);
    expect(await durationsByModel(global.reader)).toEqual({ registered: 1 });
  });

  describe('a span sampled out', () => {
    const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    /** Runs one generation; what the call sees: the active span's context and the open span count. */
    const run = async (b: HookBus, p: BackendTracingPlugin) => {
      let inFlight = -1;
      const active = await runGeneration(
        CHAT_REQUEST,
        async () => {
          inFlight = p.inFlightCount;
          return trace.getActiveSpan()?.spanContext();
        },
        () => ({ id: 'r' }),
        { bus: b },
      );
      return { active, inFlight };
    };

    it('is not kept while no metrics are recorded, and the call still runs in its context', async () => {
      const b = new HookBus();
      const p = new BackendTracingPlugin({ tracerProvider: sampledOut });
      p.register(b);
      const { active, inFlight } = await run(b, p);
      expect(inFlight).toBe(0);
      // The non-recording span is what the provider call sees: its children are sampled out too.
      expect(active?.traceFlags).toBe(0);
      expect(active?.spanId).toMatch(/^[0-9a-f]{16}$/);
    });

    it('is kept and measured once a MeterProvider records', async () => {
      const b = new HookBus();
      const p = new BackendTracingPlugin({ tracerProvider: sampledOut });
      p.register(b);
      const late = meterProvider();
      metrics.setGlobalMeterProvider(late.provider);
      expect((await run(b, p)).inFlight).toBe(1);
      expect(p.inFlightCount).toBe(0);
      expect(await durationsByModel(late.reader)).toEqual({ 'gpt-4o-mini': 1 });
    });
  });
});
