import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { LangfuseSpanCopy } from './langfuse-span-copy';

function finishedSpans() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('scope-a', '1.0.0');
  tracer.startActiveSpan('parent', (parent) => {
    const child = tracer.startSpan('child', { kind: SpanKind.CLIENT, attributes: { a: 1 } });
    child.addEvent('evt', { e: true });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
    child.end();
    parent.end();
  });
  return memory.getFinishedSpans();
}

describe('LangfuseSpanCopy', () => {
  it('differs from the original only in its attributes', () => {
    const [child] = finishedSpans();
    const copy = new LangfuseSpanCopy(child, { b: 'two' });
    expect(copy.attributes).toEqual({ b: 'two' });
    expect(child.attributes).toEqual({ a: 1 });
    expect(copy.spanContext()).toEqual(child.spanContext());
    expect(copy.parentSpanContext).toEqual(child.parentSpanContext);
    for (const field of [
      'name',
      'kind',
      'startTime',
      'endTime',
      'status',
      'links',
      'events',
      'duration',
      'ended',
      'resource',
      'instrumentationScope',
      'droppedAttributesCount',
      'droppedEventsCount',
      'droppedLinksCount',
    ] as const) {
      expect(copy[field]).toBe(child[field]);
    }
  });

  it('reads the original at each access, so it stays a view', () => {
    const [child] = finishedSpans();
    const copy = new LangfuseSpanCopy(child, {});
    expect(copy.name).toBe('child');
    expect(copy.instrumentationScope.name).toBe('scope-a');
    expect(copy.status.message).toBe('bad');
  });
});

describe('LangfuseSpanCopy of an SDK 1.x-shaped span', () => {
  it('builds parentSpanContext from parentSpanId and the scope from instrumentationLibrary', () => {
    const [child] = finishedSpans();
    const legacy = {
      ...child,
      spanContext: () => child.spanContext(),
      parentSpanContext: undefined,
      parentSpanId: 'abcdef0123456789',
      instrumentationScope: undefined,
      instrumentationLibrary: { name: 'old-lib', version: '1.0.0' },
    } as unknown as ReadableSpan;
    const copy = new LangfuseSpanCopy(legacy, {});
    expect(copy.parentSpanContext).toEqual({
      traceId: child.spanContext().traceId,
      spanId: 'abcdef0123456789',
      traceFlags: child.spanContext().traceFlags,
    });
    expect(copy.instrumentationScope).toEqual({ name: 'old-lib', version: '1.0.0' });
  });
});
