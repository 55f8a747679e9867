import { type GenerationRequest, HookBus, runGeneration } from '@mellea/core-hooks';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin, traceStep, traceWorkflow } from '../../src';
import { deferred } from '../support/deferred';
import { setupTracingTestEnv, type TracingTestEnv } from '../support/tracing-test-env';

const WORKFLOWS = 32;
const BRANCHES = 4;

let env: TracingTestEnv;
let bus: HookBus;
let unregister: () => void;
beforeEach(() => {
  env = setupTracingTestEnv();
  bus = new HookBus();
  unregister = new BackendTracingPlugin({ metrics: false }).register(bus);
});
afterEach(async () => {
  unregister();
  await env.close();
});

const request = (label: string): GenerationRequest => ({
  operation: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  attributes: { 'test.label': label },
});

/** A latch that opens once `n` parties arrived: every branch of a workflow is in flight at once. */
function latch(n: number): () => Promise<void> {
  const open = deferred();
  let arrived = 0;
  return () => {
    arrived += 1;
    if (arrived === n) open.resolve();
    return open.promise;
  };
}

async function runWorkflow(w: number): Promise<string[]> {
  const allStarted = latch(BRANCHES);
  return traceWorkflow(
    `wf-${w}`,
    () =>
      Promise.all(
        Array.from({ length: BRANCHES }, (_, b) =>
          traceStep(
            `branch-${w}-${b}`,
            () =>
              runGeneration(
                request(`${w}`),
                async () => {
                  await allStarted();
                  await new Promise((resolve) => setTimeout(resolve, (w * 7 + b * 3) % 5));
                  return `answer ${w}-${b}`;
                },
                (answer) => ({
                  id: answer,
                  model: 'gpt-4o-mini',
                  usage: { inputTokens: 3, outputTokens: 5 },
                }),
                { bus },
              ),
            { 'test.label': `${w}` },
          ),
        ),
      ),
    { 'test.label': `${w}` },
  );
}

it('runs 32 workflows × 4 concurrent branches with a generation each: 32 traces, every span in its own trace, parented to its own branch', async () => {
  const answers = await Promise.all(Array.from({ length: WORKFLOWS }, (_, w) => runWorkflow(w)));
  expect(answers[5]).toEqual(['answer 5-0', 'answer 5-1', 'answer 5-2', 'answer 5-3']);

  const spans = env.spans();
  expect(spans).toHaveLength(WORKFLOWS * (1 + 2 * BRANCHES));
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const label = (s: ReadableSpan) => s.attributes['test.label'];
  const roots = spans.filter((s) => s.name.startsWith('invoke_workflow '));
  expect(roots).toHaveLength(WORKFLOWS);
  expect(new Set(roots.map((s) => s.spanContext().traceId)).size).toBe(WORKFLOWS);
  const traceOf = new Map(roots.map((r) => [label(r), r.spanContext().traceId]));

  // zero spans in the wrong trace
  for (const span of spans) expect(span.spanContext().traceId).toBe(traceOf.get(label(span)));

  for (let w = 0; w < WORKFLOWS; w++) {
    const root = roots.find((r) => r.name === `invoke_workflow wf-${w}`)!;
    expect(root.parentSpanContext).toBeUndefined();
    const branches = spans.filter((s) => s.name.startsWith(`branch-${w}-`));
    expect(branches).toHaveLength(BRANCHES);
    for (const branch of branches) {
      expect(branch.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      const generations = spans.filter((s) => s.parentSpanContext?.spanId === branch.spanContext().spanId);
      expect(generations.map((g) => [g.name, g.attributes['gen_ai.response.id']])).toEqual([
        ['chat gpt-4o-mini', `answer ${branch.name.slice('branch-'.length)}`],
      ]);
    }
    // the branches overlapped: every one started before any of them ended
    for (const a of branches) for (const b of branches) expect(ns(a.startTime)).toBeLessThan(ns(b.endTime));
  }
  // every generation's parent is a branch span of its own workflow
  for (const generation of spans.filter((s) => s.name === 'chat gpt-4o-mini')) {
    const parent = byId.get(generation.parentSpanContext!.spanId)!;
    expect(parent.name).toMatch(new RegExp(`^branch-${label(generation)}-\\d$`));
  }
});

function ns(time: [number, number]): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}
