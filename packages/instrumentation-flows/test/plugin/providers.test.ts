import { HookBus } from '@mellea/core-hooks';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin } from '../../src/index';
import { succeedWith } from '../support/generations';
import { TestMetricReader } from '../support/otel-harness';

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, count: () => exporter.getFinishedSpans().length };
}

function metering() {
  const reader = new TestMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  const names = async () => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
  };
  return { provider, names };
}

describe('BackendTracingPlugin providers', () => {
  let bus: HookBus;
  let unregister: () => void;
  beforeEach(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    bus = new HookBus();
  });
  afterEach(() => {
    unregister?.();
    trace.disable();
    metrics.disable();
    context.disable();
  });

  it('switches to the tracer provider given by setTracerProvider from the next span on', async () => {
    const a = tracing();
    const b = tracing();
    const plugin = new BackendTracingPlugin({ tracerProvider: a.provider });
    unregister = plugin.register(bus);
    await succeedWith(bus, {});
    plugin.setTracerProvider(b.provider);
    await succeedWith(bus, {});
    await succeedWith(bus, {});
    expect([a.count(), b.count()]).toEqual([1, 2]);
  });

  it('ends a span on the provider that started it, even after a switch', () => {
    const a = tracing();
    const b = tracing();
    const plugin = new BackendTracingPlugin({ tracerProvider: a.provider });
    unregister = plugin.register(bus);
    bus.emit('generation_pre_call', { generationId: 'g1', operation: 'chat' });
    plugin.setTracerProvider(b.provider);
    bus.emit('generation_post_call', { generationId: 'g1', response: {}, latencyMs: 1 });
    expect([a.count(), b.count()]).toEqual([1, 0]);
  });

  it('uses a global tracer provider registered after the plugin was created', async () => {
    const plugin = new BackendTracingPlugin();
    unregister = plugin.register(bus);
    await succeedWith(bus, {});
    const late = tracing();
    trace.setGlobalTracerProvider(late.provider);
    await succeedWith(bus, {});
    expect(late.count()).toBe(1);
  });

  it('follows the global tracer provider when it is replaced', async () => {
    const first = tracing();
    const second = tracing();
    trace.setGlobalTracerProvider(first.provider);
    const plugin = new BackendTracingPlugin();
    unregister = plugin.register(bus);
    await succeedWith(bus, {});
    trace.disable();
    trace.setGlobalTracerProvider(second.provider);
    await succeedWith(bus, {});
    expect([first.count(), second.count()]).toEqual([1, 1]);
  });

  it('goes back to the global tracer provider with setTracerProvider(undefined)', async () => {
    const own = tracing();
    const global = tracing();
    trace.setGlobalTracerProvider(global.provider);
    const plugin = new BackendTracingPlugin({ tracerProvider: own.provider });
    unregister = plugin.register(bus);
    plugin.setTracerProvider(undefined);
    await succeedWith(bus, {});
    expect([own.count(), global.count()]).toEqual([0, 1]);
  });

  it('switches to the meter provider given by setMeterProvider', async () => {
    const a = metering();
    const b = metering();
    const plugin = new BackendTracingPlugin({
      tracerProvider: tracing().provider,
      meterProvider: a.provider,
    });
    unregister = plugin.register(bus);
    plugin.setMeterProvider(b.provider);
    await succeedWith(bus, {});
    expect(await a.names()).toEqual([]);
    expect(await b.names()).toEqual(['gen_ai.client.operation.duration']);
  });

  it('records metrics through the global meter provider by default', async () => {
    const global = metering();
    metrics.setGlobalMeterProvider(global.provider);
    const plugin = new BackendTracingPlugin({ tracerProvider: tracing().provider });
    unregister = plugin.register(bus);
    await succeedWith(bus, { usage: { inputTokens: 3, outputTokens: 4 } });
    expect(await global.names()).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']);
  });
});
