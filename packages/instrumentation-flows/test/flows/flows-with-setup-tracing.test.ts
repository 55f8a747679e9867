import { runGeneration } from '@mellea/core-hooks';
import {
  getTraceContext,
  InMemoryTraceCollector,
  setupTracing,
  traceStep,
  traceWorkflow,
  withTraceContext,
} from '../../src';
import { resetOtelGlobals } from '../support/tracing-test-env';

beforeEach(() => {
  resetOtelGlobals();
});
afterEach(() => {
  resetOtelGlobals();
});

it('records a workflow wrapping the very first generation after setupTracing, with the generation in its trace', async () => {
  const collector = new InMemoryTraceCollector();
  const handle = setupTracing({ otlp: false, spanProcessors: [collector], plugin: { metrics: false } });
  try {
    // nothing has resolved the set-up's provider yet: the workflow span is the first span of all
    await traceWorkflow('first', () =>
      traceStep('step', () =>
        runGeneration(
          { operation: 'chat', provider: 'openai', model: 'gpt-4o-mini' },
          async () => 'ok',
          () => ({}),
        ),
      ),
    );
    const spans = collector.getLastTrace();
    const [root] = collector.tree(spans[0].spanContext().traceId);
    expect(root.span.name).toBe('invoke_workflow first');
    expect(root.children.map((n) => n.span.name)).toEqual(['step']);
    expect(root.children[0].children.map((n) => n.span.name)).toEqual(['chat gpt-4o-mini']);
    expect(spans).toHaveLength(3);
  } finally {
    await handle.shutdown();
  }
});

it('keeps a trace context entered before any span, across awaits, after setupTracing', async () => {
  const collector = new InMemoryTraceCollector();
  const handle = setupTracing({ otlp: false, spanProcessors: [collector], plugin: { metrics: false } });
  try {
    const seen = await withTraceContext({ sessionId: 'sess-1', userId: 'user-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inside = getTraceContext()?.sessionId;
      await traceWorkflow('after-await', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await runGeneration(
          { operation: 'chat', model: 'm' },
          async () => 'ok',
          () => ({}),
        );
      });
      return inside;
    });
    expect(seen).toBe('sess-1');
    const spans = collector.getLastTrace();
    expect(spans.map((s) => s.name).sort()).toEqual(['chat m', 'invoke_workflow after-await']);
    for (const span of spans)
      expect(span.attributes).toMatchObject({ 'session.id': 'sess-1', 'user.id': 'user-1' });
  } finally {
    await handle.shutdown();
  }
});
