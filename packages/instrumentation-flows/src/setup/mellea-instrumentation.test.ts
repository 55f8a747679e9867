import { hooks, runGeneration } from '@mellea/core-hooks';
import { trace } from '@opentelemetry/api';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { isContentCaptureEnabled, setContentCaptureOverride } from '../config/env-flags';
import { PACKAGE_VERSION } from '../version';
import { MelleaInstrumentation } from './mellea-instrumentation';

const generate = (model: string) =>
  runGeneration(
    { operation: 'chat', model },
    async () => 'ok',
    () => ({}),
  );

function memoryProvider() {
  const exporter = new InMemorySpanExporter();
  let flushes = 0;
  const inner = new SimpleSpanProcessor(exporter);
  const counting = {
    onStart: inner.onStart.bind(inner),
    onEnd: inner.onEnd.bind(inner),
    shutdown: () => inner.shutdown(),
    forceFlush: () => {
      flushes++;
      return inner.forceFlush();
    },
  };
  const provider = new BasicTracerProvider({ spanProcessors: [counting] });
  return { provider, names: () => exporter.getFinishedSpans().map((s) => s.name), flushes: () => flushes };
}

describe('MelleaInstrumentation', () => {
  const instances: MelleaInstrumentation[] = [];
  const make = (...args: ConstructorParameters<typeof MelleaInstrumentation>) => {
    const i = new MelleaInstrumentation(...args);
    instances.push(i);
    return i;
  };
  afterEach(() => {
    for (const i of instances.splice(0)) i.disable();
    setContentCaptureOverride(undefined);
    trace.disable();
  });

  it('implements the Instrumentation interface structurally and is enabled from its constructor', () => {
    const i = make();
    const asOtel: Instrumentation = i; // the type check pins the structural compatibility
    expect(asOtel.instrumentationName).toBe('@mellea/instrumentation-flows');
    expect(i.instrumentationVersion).toBe(PACKAGE_VERSION);
    for (const m of [
      'enable',
      'disable',
      'setTracerProvider',
      'setMeterProvider',
      'setConfig',
      'getConfig',
    ] as const) {
      expect(typeof i[m]).toBe('function');
    }
    expect(i.getConfig()).toEqual({ enabled: true });
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
  });

  it('with enabled: false registers nothing until enable(); disable() unregisters; enable() twice registers once', () => {
    const i = make({ enabled: false });
    expect(hooks.pluginNames()).toEqual([]);
    i.enable();
    i.enable();
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
    i.disable();
    expect(hooks.pluginNames()).toEqual([]);
  });

  it('asks the provider it was last given at each span', async () => {
    const a = memoryProvider();
    const b = memoryProvider();
    const i = make();
    i.setTracerProvider(a.provider);
    await generate('to-a');
    i.setTracerProvider(b.provider);
    await generate('to-b');
    expect(a.names()).toEqual(['chat to-a']);
    expect(b.names()).toEqual(['chat to-b']);
  });

  it('given the global proxy (as NodeSDK does), follows the provider registered later', async () => {
    const i = make();
    i.setTracerProvider(trace.getTracerProvider());
    await generate('before-registration');
    const late = memoryProvider();
    trace.setGlobalTracerProvider(late.provider);
    await generate('after-registration');
    expect(late.names()).toEqual(['chat after-registration']);
  });

  it('works with registerInstrumentations from @opentelemetry/instrumentation, and its unload disables it', async () => {
    const p = memoryProvider();
    const unload = registerInstrumentations({
      instrumentations: [make({ enabled: false })],
      tracerProvider: p.provider,
    });
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
    await generate('registered');
    unload();
    expect(hooks.pluginNames()).toEqual([]);
    await generate('unloaded');
    expect(p.names()).toEqual(['chat registered']);
  });

  it('setConfig re-registers with the new options; captureContent sets the process-wide choice', () => {
    const i = make();
    i.setConfig({ captureContent: true, recordGenerationId: true });
    expect(i.getConfig()).toEqual({ enabled: true, captureContent: true, recordGenerationId: true });
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
    expect(isContentCaptureEnabled()).toBe(true);
  });

  it('takes the BackendTracingPlugin options, providers included: used until another provider is handed over', async () => {
    const given = memoryProvider();
    const handed = memoryProvider();
    const i = make({ tracerProvider: given.provider, metrics: false });
    await generate('to-given');
    i.setTracerProvider(handed.provider);
    await generate('to-handed');
    expect(given.names()).toEqual(['chat to-given']);
    expect(handed.names()).toEqual(['chat to-handed']);
    expect(i.getConfig()).toEqual({ enabled: true, tracerProvider: given.provider, metrics: false });
  });

  it('disable() withdraws the content-capture choice its captureContent made', () => {
    const i = make({ captureContent: true });
    expect(isContentCaptureEnabled()).toBe(true);
    i.disable();
    expect(isContentCaptureEnabled()).toBe(false);
  });

  it('flushes the provider it was given on beforeExit while enabled, and not after disable()', async () => {
    const p = memoryProvider();
    const i = make({ tracerProvider: p.provider });
    process.emit('beforeExit', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.flushes()).toBe(1);
    i.disable();
    process.emit('beforeExit', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.flushes()).toBe(1);
  });
});
