import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { LazyTracerProvider } from './lazy-tracer-provider';

describe('LazyTracerProvider', () => {
  it('resolves once, at the first span of any of its tracers, and delegates to the resolved provider', () => {
    const exporter = new InMemorySpanExporter();
    const real = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const resolve = jest.fn(() => real);
    const lazy = new LazyTracerProvider(resolve);

    const tracer = lazy.getTracer('scope', '1.0.0');
    const other = lazy.getTracer('other');
    expect(resolve).not.toHaveBeenCalled();
    expect(lazy.isResolved).toBe(false);

    tracer.startSpan('first').end();
    other.startActiveSpan('second', (span) => span.end());
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(lazy.resolve()).toBe(real);
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.instrumentationScope.name])).toEqual([
      ['first', 'scope'],
      ['second', 'other'],
    ]);
  });
});
