import { hooks, runGeneration } from '@mellea/core-hooks';
import { context, propagation, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { isContentCaptureEnabled, setContentCaptureOverride } from '../config/env-flags';
import { hasGlobalTracerProvider } from './resolve-provider';
import { setupTracing } from './setup-tracing';
import { isolateEnv } from './test-support/isolate-env';
import type { TracingHandle } from './tracing-handle';

const generate = (model = 'm-1') =>
  runGeneration(
    {
      operation: 'chat',
      provider: 'openai',
      model,
      messages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
    },
    async () => 'ok',
    () => ({ finishReasons: ['stop'], usage: { inputTokens: 1, outputTokens: 2 } }),
  );

/** A processor that records what reached it and how often it was flushed. */
function recordingProcessor() {
  const exporter = new InMemorySpanExporter();
  const inner = new SimpleSpanProcessor(exporter);
  let flushes = 0;
  let shutdowns = 0;
  const processor: SpanProcessor = {
    onStart: (s, c) => inner.onStart(s, c),
    onEnd: (s) => inner.onEnd(s),
    forceFlush: () => {
      flushes++;
      return inner.forceFlush();
    },
    shutdown: () => {
      shutdowns++;
      return inner.shutdown();
    },
  };
  return {
    processor,
    names: () => exporter.getFinishedSpans().map((s: ReadableSpan) => s.name),
    spans: () => exporter.getFinishedSpans(),
    flushes: () => flushes,
    shutdowns: () => shutdowns,
  };
}

describe('setupTracing (in code)', () => {
  let env: { restore(): void };
  const handles: TracingHandle[] = [];
  const setUp = (...args: Parameters<typeof setupTracing>) => {
    const h = setupTracing(...args);
    handles.push(h);
    return h;
  };
  beforeEach(() => {
    env = isolateEnv();
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.shutdown()));
    setContentCaptureOverride(undefined);
    trace.disable();
    context.disable();
    propagation.disable();
    env.restore();
  });

  it('builds and registers a provider with the given processors at the first span, not before', async () => {
    const rec = recordingProcessor();
    const handle = setUp({ spanProcessors: [rec.processor], serviceName: 'in-code' });
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
    expect(hasGlobalTracerProvider()).toBe(false);

    await generate('gpt-x');
    expect(hasGlobalTracerProvider()).toBe(true);
    await handle.forceFlush(); // the detected resource attributes settle asynchronously
    expect(rec.names()).toEqual(['chat gpt-x']);
    expect(rec.spans()[0].resource.attributes['service.name']).toBe('in-code');
    const global = trace.getTracerProvider() as unknown as { getDelegate(): unknown };
    expect(global.getDelegate()).toBe(handle.tracerProvider);
    // This workspace has the 2.x line: its NodeTracerProvider, not 3.x's TracerProvider.
    expect(handle.tracerProvider).toBeInstanceOf(NodeTracerProvider);
  });

  it('is idempotent: a second call returns the same handle and registers nothing more', () => {
    const first = setUp({ spanProcessors: [recordingProcessor().processor] });
    const beforeExit = process.listenerCount('beforeExit');
    expect(setUp({ console: true })).toBe(first);
    expect(process.listenerCount('beforeExit')).toBe(beforeExit);
    expect(hooks.pluginNames()).toEqual(['backend_tracing']);
  });

  it('flushes on beforeExit but leaves SIGTERM/SIGINT to the caller; shutdown removes its handlers', async () => {
    const counts = () => ['beforeExit', 'SIGTERM', 'SIGINT'].map((e) => process.listenerCount(e));
    const [beforeExit, sigterm, sigint] = counts();
    const rec = recordingProcessor();
    const handle = setUp({ spanProcessors: [rec.processor] });
    expect(counts()).toEqual([beforeExit + 1, sigterm, sigint]);
    await generate();
    expect(rec.flushes()).toBe(0);
    process.emit('beforeExit', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rec.flushes()).toBe(1);
    expect(rec.names()).toEqual(['chat m-1']);
    await handle.shutdown();
    expect(counts()).toEqual([beforeExit, sigterm, sigint]);
  });

  it('shutdown of a provider we built unregisters the plugin, shuts the provider down and takes it off the globals; a new set-up then works', async () => {
    const rec = recordingProcessor();
    const handle = setUp({ spanProcessors: [rec.processor] });
    await generate();
    await handle.shutdown();
    expect(rec.shutdowns()).toBe(1);
    expect(hooks.pluginNames()).toEqual([]);
    expect(hasGlobalTracerProvider()).toBe(false);

    const again = recordingProcessor();
    const second = setUp({ spanProcessors: [again.processor] });
    expect(second).not.toBe(handle);
    await generate('m-2');
    await second.forceFlush();
    expect(again.names()).toEqual(['chat m-2']);
  });

  it('uses a global provider registered before the first span as it is, and never shuts it down', async () => {
    const handle = setUp({ spanProcessors: [recordingProcessor().processor] });
    const user = recordingProcessor();
    const userProvider = new BasicTracerProvider({ spanProcessors: [user.processor] });
    trace.setGlobalTracerProvider(userProvider);

    await generate('on-user-provider');
    expect(user.names()).toEqual(['chat on-user-provider']);
    expect(handle.tracerProvider).toBe(trace.getTracerProvider());

    await handle.forceFlush();
    expect(user.flushes()).toBe(1);
    await handle.shutdown();
    expect(user.flushes()).toBe(2);
    expect(user.shutdowns()).toBe(0);
    expect(hooks.pluginNames()).toEqual([]);
    userProvider.getTracer('app').startSpan('still alive').end();
    expect(user.names()).toEqual(['chat on-user-provider', 'still alive']);
  });

  it('captureContent: true turns content capture on for the process', async () => {
    const rec = recordingProcessor();
    const handle = setUp({ spanProcessors: [rec.processor], captureContent: true });
    expect(isContentCaptureEnabled()).toBe(true);
    await generate();
    await handle.forceFlush();
    expect(JSON.parse(String(rec.spans()[0].attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
    ]);
  });

  it('with a tracer provider given for the plugin, uses it and builds nothing', async () => {
    const user = recordingProcessor();
    const provider = new BasicTracerProvider({ spanProcessors: [user.processor] });
    const handle = setUp({ plugin: { tracerProvider: provider } });
    await generate('explicit');
    expect(user.names()).toEqual(['chat explicit']);
    expect(handle.tracerProvider).toBe(provider);
    expect(hasGlobalTracerProvider()).toBe(false);
    await handle.shutdown();
    expect(user.shutdowns()).toBe(0);
  });

  it('shutdown clears the content-capture choice it made', async () => {
    const handle = setUp({ spanProcessors: [recordingProcessor().processor], captureContent: true });
    expect(isContentCaptureEnabled()).toBe(true);
    await handle.shutdown();
    expect(isContentCaptureEnabled()).toBe(false);
  });

  it('passes the plugin options on', async () => {
    const rec = recordingProcessor();
    const handle = setUp({ spanProcessors: [rec.processor], plugin: { recordGenerationId: true } });
    await generate();
    await handle.forceFlush();
    expect(rec.spans()[0].attributes['mellea.generation.id']).toEqual(expect.any(String));
  });

  it('with OTEL_SDK_DISABLED=true sets nothing up and returns a working handle', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const beforeExit = process.listenerCount('beforeExit');
    const handle = setUp({ spanProcessors: [recordingProcessor().processor] });
    expect(hooks.pluginNames()).toEqual([]);
    expect(process.listenerCount('beforeExit')).toBe(beforeExit);
    await generate();
    expect(hasGlobalTracerProvider()).toBe(false);
    await expect(handle.forceFlush()).resolves.toBeUndefined();
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    expect(() => setUp(null as never)).not.toThrow();
  });
});
