import { createRequire } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider as SdkTraceProvider } from '@opentelemetry/sdk-trace';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { hasGlobalTracerProvider } from '../resolve-provider';
import { hiding, onlyInstalled } from '../test-support/only-installed';
import { findOtelSdk, MissingSdkPackageError, type OtelSdk, type OwnedProvider } from './otel-sdk';

function resource(sdk: OtelSdk): unknown {
  return sdk
    .load<{ resourceFromAttributes(a: Record<string, string>): unknown }>('@opentelemetry/resources')
    .resourceFromAttributes({ 'service.name': 'otel-sdk-test' });
}

describe('findOtelSdk', () => {
  let provider: OwnedProvider | undefined;
  afterEach(async () => {
    await provider?.shutdown();
    provider = undefined;
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('builds the 2.x line as always (NodeTracerProvider and its register()) when sdk-trace-node is installed', async () => {
    const sdk = findOtelSdk(); // this workspace installs the 2.x line
    expect(sdk?.line).toBe(2);
    expect(sdk?.source).toMatch(/^@opentelemetry\/sdk-trace-node 2\./);
    const exporter = new InMemorySpanExporter();
    provider = sdk?.registerProvider({
      resource: resource(sdk),
      spanProcessors: [sdk.simpleProcessor(exporter)],
      registerContext: true,
      registerPropagation: true,
    });
    expect(provider).toBeInstanceOf(NodeTracerProvider);
    expect(provider).not.toBeInstanceOf(SdkTraceProvider);
    trace.getTracer('t').startActiveSpan('outer', (outer) => {
      trace.getTracer('t').startSpan('inner').end();
      outer.end();
    });
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
  });

  it('builds a TracerProvider from @opentelemetry/sdk-trace, registering the context manager and W3C propagators itself', async () => {
    const sdk = findOtelSdk(onlyInstalled('@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'));
    expect(sdk?.source).toMatch(/^@opentelemetry\/sdk-trace \d/);
    const exporter = new InMemorySpanExporter();
    provider = sdk?.registerProvider({
      resource: resource(sdk),
      spanProcessors: [sdk.batchProcessor(exporter)],
      registerContext: true,
      registerPropagation: true,
    });
    expect(provider).toBeInstanceOf(SdkTraceProvider);
    expect(provider).not.toBeInstanceOf(NodeTracerProvider);
    expect(hasGlobalTracerProvider()).toBe(true);
    const carrier: Record<string, string> = {};
    await trace.getTracer('t').startActiveSpan('outer', async (outer) => {
      await new Promise((r) => setTimeout(r, 1));
      trace.getTracer('t').startSpan('inner').end();
      propagation.inject(context.active(), carrier);
      outer.end();
    });
    await provider?.forceFlush();
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner.name).toBe('inner');
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId); // across an await: ALS
    expect(carrier.traceparent).toContain(outer.spanContext().traceId);
  });

  it('gives the TracerProvider the span limits and sampler of the OTEL_* variables (the 3.x provider reads none)', () => {
    const saved = { ...process.env };
    process.env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT = '50';
    process.env.OTEL_TRACES_SAMPLER = 'traceidratio';
    process.env.OTEL_TRACES_SAMPLER_ARG = '0';
    try {
      const sdk = findOtelSdk(
        onlyInstalled('@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'),
      );
      provider = sdk?.registerProvider({
        resource: undefined,
        spanProcessors: [],
        registerContext: false,
        registerPropagation: false,
      });
      const sampledOut = trace.getTracer('t').startSpan('s');
      expect(sampledOut.isRecording()).toBe(false);
      sampledOut.end();
      delete process.env.OTEL_TRACES_SAMPLER;
      const limits = findOtelSdk(
        onlyInstalled('@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'),
      );
      const second = limits?.registerProvider({
        resource: undefined,
        spanProcessors: [],
        registerContext: false,
        registerPropagation: false,
      });
      const span = second?.getTracer('t').startSpan('s') as unknown as {
        setAttribute(k: string, v: string): void;
        attributes: Record<string, string>;
        end(): void;
      };
      span.setAttribute('long', 'x'.repeat(500));
      expect(span.attributes.long).toHaveLength(50);
      span.end();
    } finally {
      process.env = saved;
    }
  });

  it('leaves the context manager and propagator alone when one is registered already', () => {
    const mine = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(mine);
    const sdk = findOtelSdk(onlyInstalled('@opentelemetry/sdk-trace', '@opentelemetry/context-async-hooks'));
    provider = sdk?.registerProvider({
      resource: resource(sdk),
      spanProcessors: [],
      registerContext: false,
      registerPropagation: false,
    });
    const carrier: Record<string, string> = {};
    trace.getTracer('t').startActiveSpan('s', (s) => {
      propagation.inject(context.active(), carrier);
      s.end();
    });
    expect(carrier).toEqual({}); // no propagator registered by us
    expect((context as unknown as { _getContextManager(): unknown })._getContextManager()).toBe(mine);
  });

  it('names the missing package when the SDK lacks one it needs (context-async-hooks beside sdk-trace)', () => {
    const sdk = findOtelSdk(onlyInstalled('@opentelemetry/sdk-trace'));
    expect(() =>
      sdk?.registerProvider({
        resource: undefined,
        spanProcessors: [],
        registerContext: true,
        registerPropagation: true,
      }),
    ).toThrow(MissingSdkPackageError);
    try {
      sdk?.registerProvider({
        resource: undefined,
        spanProcessors: [],
        registerContext: true,
        registerPropagation: true,
      });
    } catch (error) {
      expect((error as MissingSdkPackageError).packageName).toBe('@opentelemetry/context-async-hooks');
    }
    expect(hasGlobalTracerProvider()).toBe(false);
  });

  it('finds the SDK inside @opentelemetry/sdk-node when the app installed only that (pnpm: not hoisted)', () => {
    const sdk = findOtelSdk({
      requires: [hiding(require, (id) => id !== '@opentelemetry/sdk-node')],
      inside: createRequire,
    });
    expect(sdk?.source).toMatch(/^@opentelemetry\/sdk-trace(-node)? 2\./);
    expect(() => sdk?.load('@opentelemetry/resources')).not.toThrow();
  });

  it('is undefined when the application installed no SDK', () => {
    expect(findOtelSdk(onlyInstalled('@opentelemetry/api'))).toBeUndefined();
  });
});
