import { context, type Span, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { traceStep } from '../flows/trace-step';
import { traceWorkflow } from '../flows/trace-workflow';
import type { TraceNode } from './build-trace-tree';
import { InMemoryTraceCollector } from './in-memory-trace-collector';

let env: TracingTestEnv;
let collector: InMemoryTraceCollector;
function setup(opts?: { maxTraces?: number; maxSpansPerTrace?: number }): void {
  collector = new InMemoryTraceCollector(opts);
  env = setupTracingTestEnv({ spanProcessors: [collector] });
}
afterEach(async () => {
  await env.close();
});

const tracer = () => trace.getTracer('test');
const at = (second: number): [number, number] => [1_700_000_000 + second, 0];

function child(parent: Span, name: string, start: number): Span {
  return tracer().startSpan(name, { startTime: at(start) }, trace.setSpan(context.active(), parent));
}

function shape(nodes: TraceNode[]): unknown[] {
  return nodes.map((n) => (n.children.length ? { [n.span.name]: shape(n.children) } : n.span.name));
}

it('collects the spans of each trace, and getLastTrace is the trace in which a span ended last', async () => {
  setup();
  await traceWorkflow('first', () => traceStep('a', () => undefined));
  await traceWorkflow('second', () => traceStep('b', () => undefined));
  const second = collector.getLastTrace();
  expect(second.map((s) => s.name)).toEqual(['b', 'invoke_workflow second']);
  const firstId = env.span('invoke_workflow first').spanContext().traceId;
  expect(collector.getTrace(firstId).map((s) => s.name)).toEqual(['a', 'invoke_workflow first']);
  expect(collector.getTrace('0'.repeat(32))).toEqual([]);
});

it('builds the tree with children ordered by start time, not by end time', () => {
  setup();
  const root = tracer().startSpan('root', { startTime: at(0) });
  const late = child(root, 'started-third', 3);
  const early = child(root, 'started-first', 1);
  const middle = child(root, 'started-second', 2);
  const grandchild = child(early, 'grandchild', 2);
  for (const span of [grandchild, late, middle, early]) span.end(at(4));
  root.end(at(5));
  const traceId = root.spanContext().traceId;
  expect(shape(collector.tree(traceId))).toEqual([
    { root: [{ 'started-first': ['grandchild'] }, 'started-second', 'started-third'] },
  ]);
});

it('makes a span whose parent never ended a root of its own in the tree', () => {
  setup();
  const open = tracer().startSpan('still-open');
  child(open, 'done', 1).end();
  expect(shape(collector.tree(open.spanContext().traceId))).toEqual(['done']);
  open.end();
});

it('forgets everything on clear', async () => {
  setup();
  await traceWorkflow('wf', () => undefined);
  const traceId = collector.getLastTrace()[0].spanContext().traceId;
  collector.clear();
  expect(collector.getTrace(traceId)).toEqual([]);
  expect(collector.getLastTrace()).toEqual([]);
  expect(collector.tree(traceId)).toEqual([]);
});

it('keeps at most maxTraces traces, dropping the least recently active', () => {
  setup({ maxTraces: 2 });
  const ids = ['one', 'two', 'three'].map((name) => {
    const span = tracer().startSpan(name);
    span.end();
    return span.spanContext().traceId;
  });
  expect(collector.getTrace(ids[0])).toEqual([]);
  expect(collector.getTrace(ids[1]).map((s) => s.name)).toEqual(['two']);
  expect(collector.getTrace(ids[2]).map((s) => s.name)).toEqual(['three']);
  expect(collector.getTraceIds()).toEqual([ids[1], ids[2]]);
});

it('counts a new span of an older trace as activity: that trace is kept over a quieter one', () => {
  setup({ maxTraces: 2 });
  const a = tracer().startSpan('a-root');
  child(a, 'a-1', 1).end();
  const b = tracer().startSpan('b');
  b.end();
  a.end();
  tracer().startSpan('c').end();
  expect(collector.getTrace(b.spanContext().traceId)).toEqual([]);
  expect(collector.getTrace(a.spanContext().traceId).map((s) => s.name)).toEqual(['a-1', 'a-root']);
});

it('keeps at most maxSpansPerTrace spans of one trace: later spans of a full trace are dropped', () => {
  setup({ maxSpansPerTrace: 2 });
  const root = tracer().startSpan('root');
  for (const name of ['first', 'second', 'third']) child(root, name, 1).end();
  root.end();
  expect(collector.getTrace(root.spanContext().traceId).map((s) => s.name)).toEqual(['first', 'second']);
});

it('keeps 1000 traces by default', () => {
  setup();
  for (let i = 0; i < 1001; i++) tracer().startSpan(`s${i}`).end();
  const ids = collector.getTraceIds();
  expect(ids).toHaveLength(1000);
  expect(collector.getTrace(ids[0])[0].name).toBe('s1');
});

it('never mixes the spans of concurrent traces (property: random interleavings)', async () => {
  setup();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), {
        minLength: 2,
        maxLength: 8,
      }),
      async (runs) => {
        collector.clear();
        await Promise.all(
          runs.map((delays, run) =>
            traceWorkflow(`run-${run}`, () =>
              Promise.all(
                delays.map((delay, step) =>
                  traceStep(`run-${run}-step-${step}`, async () => {
                    await new Promise((resolve) => setTimeout(resolve, delay));
                  }),
                ),
              ),
            ),
          ),
        );
        expect(collector.getTraceIds()).toHaveLength(runs.length);
        for (const traceId of collector.getTraceIds()) {
          const spans = collector.getTrace(traceId);
          const root = spans.find((s) => s.name.startsWith('invoke_workflow'))!;
          const run = root.name.slice('invoke_workflow run-'.length);
          expect(spans.map((s) => s.name).sort()).toEqual(
            [root.name, ...runs[Number(run)].map((_, step) => `run-${run}-step-${step}`)].sort(),
          );
          const [tree] = collector.tree(traceId);
          expect(tree.span).toBe(root);
          expect(tree.children).toHaveLength(runs[Number(run)].length);
        }
      },
    ),
    { numRuns: 20 },
  );
});
