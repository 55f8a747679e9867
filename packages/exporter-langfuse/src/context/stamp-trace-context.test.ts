import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { stampTraceContext } from './stamp-trace-context';

function startSpan(attributes: Record<string, string> = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  return { span: provider.getTracer('x').startSpan('s', { attributes }), memory };
}

describe('stampTraceContext', () => {
  it('writes session.id, user.id and tag.tags, and nothing else', () => {
    const { span, memory } = startSpan();
    stampTraceContext(span as never, {
      sessionId: 's',
      userId: 'u',
      tags: ['t1', 't2'],
      traceName: 'n',
      conversationId: 'c',
      metadata: { k: 'v' },
    });
    span.end();
    expect(memory.getFinishedSpans()[0].attributes).toEqual({
      'session.id': 's',
      'user.id': 'u',
      'tag.tags': ['t1', 't2'],
    });
  });

  it('never overwrites a value the span already carries', () => {
    const { span, memory } = startSpan({ 'session.id': 'own' });
    stampTraceContext(span as never, { sessionId: 'ctx', userId: 'u' });
    span.end();
    expect(memory.getFinishedSpans()[0].attributes).toEqual({ 'session.id': 'own', 'user.id': 'u' });
  });

  it('does nothing without a trace context', () => {
    const { span, memory } = startSpan();
    stampTraceContext(span as never, undefined);
    span.end();
    expect(memory.getFinishedSpans()[0].attributes).toEqual({});
  });
});
