import { SpanKind, trace } from '@opentelemetry/api';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { ATTR_MELLEA_EDGE_FROM, ATTR_MELLEA_EDGE_TO, EVENT_MELLEA_EDGE_TRAVERSAL } from '../semconv';
import { recordEdge, traceStep } from './trace-step';
import { traceWorkflow } from './trace-workflow';

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
});

async function runGraph(): Promise<string> {
  return traceWorkflow('two-node-graph', async () => {
    const a = await traceStep('n1', async () => 'from n1');
    recordEdge('n1', 'n2', { 'graph.condition': 'always' });
    const b = await traceStep('n2', async () => `${a} via n2`);
    recordEdge('n2', 'END');
    return b;
  });
}

it('records a two-node graph as workflow → n1, n2 with the edge_traversal events in order', async () => {
  expect(await runGraph()).toBe('from n1 via n2');

  const spans = env.spans();
  expect(spans.map((s) => s.name)).toEqual(['n1', 'n2', 'invoke_workflow two-node-graph']);
  const root = env.span('invoke_workflow two-node-graph');
  const [n1, n2] = [env.span('n1'), env.span('n2')];
  expect(root.parentSpanContext).toBeUndefined();
  for (const node of [n1, n2]) {
    expect(node.kind).toBe(SpanKind.INTERNAL);
    expect(node.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(node.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(node.events).toEqual([]);
  }
  expect(root.events.map((e) => [e.name, e.attributes])).toEqual([
    [
      EVENT_MELLEA_EDGE_TRAVERSAL,
      { 'graph.condition': 'always', [ATTR_MELLEA_EDGE_FROM]: 'n1', [ATTR_MELLEA_EDGE_TO]: 'n2' },
    ],
    [EVENT_MELLEA_EDGE_TRAVERSAL, { [ATTR_MELLEA_EDGE_FROM]: 'n2', [ATTR_MELLEA_EDGE_TO]: 'END' }],
  ]);
});

it('records the edge on the step span when called inside a step', () => {
  traceStep('router', () => recordEdge('router', 'tools'));
  expect(env.span('router').events.map((e) => e.attributes?.[ATTR_MELLEA_EDGE_TO])).toEqual(['tools']);
});

it('does nothing without an active span', () => {
  expect(() => recordEdge('a', 'b')).not.toThrow();
  expect(trace.getActiveSpan()).toBeUndefined();
  expect(env.spans()).toEqual([]);
});
