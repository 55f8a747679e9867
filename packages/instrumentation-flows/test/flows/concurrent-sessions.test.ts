import { HookBus, runGeneration } from '@mellea/core-hooks';
import { trace } from '@opentelemetry/api';
import fc from 'fast-check';
import {
  BackendTracingPlugin,
  getTraceContext,
  TraceContextSpanProcessor,
  traceStep,
  traceWorkflow,
  withTraceContext,
} from '../../src';
import { setupTracingTestEnv, type TracingTestEnv } from '../support/tracing-test-env';

const SESSIONS = 1000;

let env: TracingTestEnv;
let bus: HookBus;
let unregister: () => void;
beforeEach(() => {
  env = setupTracingTestEnv({ spanProcessors: [new TraceContextSpanProcessor()] });
  bus = new HookBus();
  unregister = new BackendTracingPlugin({ metrics: false }).register(bus);
});
afterEach(async () => {
  unregister();
  await env.close();
});

type Pause = 'microtask' | 'immediate' | 'timer';
const pauseArb = fc.array(fc.constantFrom<Pause>('microtask', 'immediate', 'timer'), {
  minLength: 4,
  maxLength: 4,
});

function pause(kind: Pause): Promise<void> {
  if (kind === 'microtask') return Promise.resolve();
  if (kind === 'immediate') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 1));
}

/** One session's request: random awaits between a workflow, a step, a generation and a foreign span. */
async function session(i: number, pauses: Pause[]): Promise<string[]> {
  const seen: string[] = [];
  const note = () => seen.push(getTraceContext()?.sessionId ?? 'none');
  await withTraceContext({ sessionId: `s-${i}`, userId: `u-${i}`, tags: [`t-${i}`] }, async () => {
    await pause(pauses[0]);
    note();
    await traceWorkflow(`wf-${i}`, async () => {
      await pause(pauses[1]);
      note();
      await traceStep(`step-${i}`, async () => {
        await pause(pauses[2]);
        note();
        await runGeneration(
          { operation: 'chat', provider: 'openai', model: 'm' },
          async () => {
            await pause(pauses[3]);
            note();
            trace.getTracer('other-lib').startSpan(`foreign-${i}`).end();
            return 'ok';
          },
          () => ({ id: `resp-${i}` }),
          { bus },
        );
      });
    });
  });
  return seen;
}

it('keeps 1,000 concurrent sessions with random awaits apart: zero cross-talk on any span', async () => {
  const plans = fc.sample(pauseArb, { numRuns: SESSIONS, seed: 42 });
  const seen = await Promise.all(plans.map((pauses, i) => session(i, pauses)));
  expect(seen).toEqual(plans.map((_, i) => Array(4).fill(`s-${i}`)));

  const spans = env.spans();
  expect(spans).toHaveLength(SESSIONS * 4);
  const traceOfSession = new Map<string, string>();
  for (const span of spans) {
    const i =
      /-(\d+)$/.exec(span.name)?.[1] ?? String(span.attributes['gen_ai.response.id']).slice('resp-'.length);
    expect(span.attributes).toMatchObject({
      'session.id': `s-${i}`,
      'user.id': `u-${i}`,
      'tag.tags': [`t-${i}`],
    });
    const traceId = span.spanContext().traceId;
    expect(traceOfSession.get(i) ?? traceId).toBe(traceId);
    traceOfSession.set(i, traceId);
  }
  expect(new Set(traceOfSession.values()).size).toBe(SESSIONS);
});
