import { type Attributes, SpanKind, trace } from '@opentelemetry/api';
import { deferred } from '../../test/support/deferred';
import { setSemconvOptIn } from '../../test/support/semconv-opt-in';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_MELLEA_STEP_NAME,
  SEMCONV_SCHEMA_URL,
} from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { traceAgent } from './trace-agent';
import { traceStep } from './trace-step';
import { traceTool } from './trace-tool';
import { traceWorkflow } from './trace-workflow';

type Runner = <T>(fn: () => T) => T;

interface Case {
  what: string;
  run: Runner;
  spanName: string;
  attributes: Attributes;
}

const cases: Case[] = [
  {
    what: 'traceWorkflow',
    run: (fn) => traceWorkflow('research', fn),
    spanName: 'invoke_workflow research',
    attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow', [ATTR_GEN_AI_WORKFLOW_NAME]: 'research' },
  },
  {
    what: 'traceAgent',
    run: (fn) => traceAgent('planner', fn),
    spanName: 'invoke_agent planner',
    attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent', [ATTR_GEN_AI_AGENT_NAME]: 'planner' },
  },
  {
    what: 'traceTool',
    run: (fn) => traceTool('get_weather', fn),
    spanName: 'execute_tool get_weather',
    attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool', [ATTR_GEN_AI_TOOL_NAME]: 'get_weather' },
  },
  {
    what: 'traceStep',
    run: (fn) => traceStep('retrieve', fn),
    spanName: 'retrieve',
    // a step outside any flow is its own entry point
    attributes: { [ATTR_MELLEA_STEP_NAME]: 'retrieve', [ATTR_GEN_AI_WORKFLOW_NAME]: 'retrieve' },
  },
];

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
});

describe.each(cases)('$what', ({ run, spanName, attributes }) => {
  it('names the span, makes it INTERNAL with the gen_ai attributes, and returns a sync result', () => {
    const result = run(() => 42);
    expect(result).toBe(42);
    const span = env.span(spanName);
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toEqual(attributes);
    expect(span.instrumentationScope).toEqual({
      name: PACKAGE_NAME,
      version: PACKAGE_VERSION,
      schemaUrl: SEMCONV_SCHEMA_URL,
    });
  });

  it('keeps the span open until an async fn settles and resolves with its value', async () => {
    const gate = deferred<string>();
    const pending = run(async () => gate.promise);
    await Promise.resolve();
    expect(env.spans()).toHaveLength(0);
    gate.resolve('done');
    await expect(pending).resolves.toBe('done');
    expect(env.span(spanName).attributes).toEqual(attributes);
  });

  it('keeps the span open while an async iterable is consumed and ends it when the iteration ends', async () => {
    const seen: number[] = [];
    const iterable = run(async function* () {
      yield 1;
      yield 2;
    });
    for await (const value of iterable) {
      seen.push(value);
      expect(env.spans()).toHaveLength(0);
    }
    expect(seen).toEqual([1, 2]);
    expect(env.span(spanName).attributes).toEqual(attributes);
  });

  it('makes spans started inside fn its children', async () => {
    await run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      trace.getTracer('test').startSpan('inner').end();
    });
    expect(env.span('inner').parentSpanContext?.spanId).toBe(env.span(spanName).spanContext().spanId);
  });
});

it('sets no gen_ai.operation.name on steps', () => {
  traceStep('stage', () => undefined);
  expect(env.span('stage').attributes[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined();
});

it('adds the caller attributes without letting them replace the span identity', () => {
  traceWorkflow('wf', () => undefined, { team: 'search', [ATTR_GEN_AI_WORKFLOW_NAME]: 'other' });
  traceAgent('ag', () => undefined, { 'gen_ai.agent.id': 'a-1' });
  traceStep('st', () => undefined, { [ATTR_MELLEA_STEP_NAME]: 'other', attempt: 2 });
  expect(env.span('invoke_workflow wf').attributes).toMatchObject({
    team: 'search',
    [ATTR_GEN_AI_WORKFLOW_NAME]: 'wf',
  });
  expect(env.span('invoke_agent ag').attributes['gen_ai.agent.id']).toBe('a-1');
  expect(env.span('st').attributes).toMatchObject({ [ATTR_MELLEA_STEP_NAME]: 'st', attempt: 2 });
});

it('uses a tracer provider registered after the first flow span', async () => {
  await env.close();
  expect(traceStep('untraced', () => 'ran')).toBe('ran');
  env = setupTracingTestEnv();
  traceStep('traced', () => undefined);
  expect(env.spans().map((s) => s.name)).toEqual(['traced']);
});

it('carries no schema URL under the latest-experimental GenAI semconv opt-in', () => {
  setSemconvOptIn('gen_ai_latest_experimental');
  try {
    traceStep('latest', () => undefined);
  } finally {
    setSemconvOptIn(undefined);
  }
  expect(env.span('latest').instrumentationScope.schemaUrl).toBeUndefined();
});
