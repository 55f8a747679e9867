import {
  type GenerationRequest,
  newGenerationId,
  runGeneration,
  runGenerationBatch,
} from '@mellea/core-hooks';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  recordEdge,
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '../../src/index';
import { type Harness, setupHarness } from '../plugin/support/otel-harness';
import {
  expectedMetrics,
  metricProblems,
  type ScenarioFacts,
  SPAN_DEFINITION,
  spanProblems,
} from '../support/semconv-conformance';
import { useSemconvOptIn } from '../support/semconv-opt-in';
import { loadRegistry, type SemconvMode } from '../support/semconv-registry';

/**
 * Runs what this package emits through the real plugin, flows and SDK (in-memory span exporter, a
 * real MeterProvider) in each semconv mode and checks every span, span event and metric point
 * against that mode's registry YAML (test/fixtures/semconv-registry).
 */

const TRACE_CONTEXT = {
  conversationId: 'conv-42',
  sessionId: 'sess-1',
  userId: 'user-1',
  tags: ['beta'],
  traceName: 'support',
};

/** A request giving everything a conditionally required attribute can ask for. */
const REQUEST: GenerationRequest = {
  operation: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  server: { address: '127.0.0.1', port: 8080 },
  params: {
    temperature: 0.2,
    maxTokens: 256,
    topP: 0.9,
    topK: 40,
    seed: 7,
    choiceCount: 2,
    stopSequences: ['\n\n'],
    frequencyPenalty: 0.1,
    presencePenalty: 0,
  },
  outputType: 'text',
  messages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
};
const USAGE = {
  inputTokens: 20,
  outputTokens: 9,
  totalTokens: 29,
  cacheReadInputTokens: 4,
  cacheCreationInputTokens: 2,
  reasoningOutputTokens: 3,
};
const RESPONSE = {
  id: 'resp-1',
  model: 'gpt-4o-mini-2024-07-18',
  finishReasons: ['stop', 'stop'],
  usage: USAGE,
  outputMessages: [{ role: 'assistant' as const, parts: [{ type: 'text' as const, content: 'Hello' }] }],
};

/** Not met by any scenario here; a framework may still pass them in a request's `attributes`. */
const NEVER_AVAILABLE: ScenarioFacts['notApplicable'] = {
  'gen_ai.prompt.name': { reason: 'no named prompt template' },
  'gen_ai.prompt.version': { reason: 'no named prompt template' },
  'gen_ai.data_source.id': { reason: 'no data source' },
};

interface Scenario {
  name: string;
  facts: ScenarioFacts;
  inProcess?: boolean;
  /** Which client metrics the registry asks for; `undefined`: no generation, no metrics. */
  metrics?: { inference: boolean; streamed: boolean; usageKnown: boolean };
  run(h: Harness): Promise<unknown>;
}

const fail = async (p: Promise<unknown>) => {
  await p.then(
    () => {
      throw new Error('the scenario should have failed');
    },
    () => undefined,
  );
};

const SCENARIOS: Scenario[] = [
  {
    name: 'chat',
    facts: { failed: false, streaming: false },
    metrics: { inference: true, streamed: false, usageKnown: true },
    run: (h) =>
      runGeneration(
        REQUEST,
        async () => 'ok',
        () => RESPONSE,
        { bus: h.bus },
      ),
  },
  {
    name: 'streamed chat',
    facts: { failed: false, streaming: true },
    metrics: { inference: true, streamed: true, usageKnown: true },
    run: async (h) => {
      const generationId = newGenerationId();
      h.bus.emit('generation_pre_call', { ...REQUEST, stream: true, generationId });
      h.bus.emit('generation_post_call', {
        generationId,
        response: RESPONSE,
        latencyMs: 900,
        timeToFirstChunkMs: 100,
        chunkCount: 5,
      });
    },
  },
  {
    name: 'failed text_completion',
    facts: { failed: true, streaming: false },
    metrics: { inference: true, streamed: false, usageKnown: false },
    run: (h) =>
      fail(
        runGeneration(
          { ...REQUEST, operation: 'text_completion' },
          async () => {
            throw new TypeError('socket hang up');
          },
          () => ({}),
          { bus: h.bus },
        ),
      ),
  },
  {
    name: 'cancelled stream (the consumer stopped it after the first chunk)',
    facts: { failed: true, streaming: true },
    metrics: { inference: true, streamed: false, usageKnown: false },
    run: async (h) => {
      const generationId = newGenerationId();
      h.bus.emit('generation_pre_call', { ...REQUEST, stream: true, generationId });
      h.bus.emit('generation_error', {
        generationId,
        error: new Error('stopped'),
        cancelled: true,
        source: 'consumer',
        latencyMs: 300,
        timeToFirstChunkMs: 100,
        chunkCount: 2,
      });
    },
  },
  {
    name: 'in-process generate_content',
    inProcess: true,
    facts: { failed: false, streaming: false },
    metrics: { inference: true, streamed: false, usageKnown: true },
    run: (h) =>
      runGeneration(
        { ...REQUEST, operation: 'generate_content', inProcess: true },
        async () => 'ok',
        () => RESPONSE,
        { bus: h.bus },
      ),
  },
  {
    name: 'embeddings',
    facts: { failed: false, streaming: false },
    metrics: { inference: false, streamed: false, usageKnown: true },
    run: (h) =>
      runGeneration(
        {
          operation: 'embeddings',
          provider: 'openai',
          model: 'text-embedding-3-small',
          server: { address: '127.0.0.1', port: 8080 },
        },
        async () => 'ok',
        () => ({ model: 'text-embedding-3-small', usage: { inputTokens: 5 } }),
        { bus: h.bus },
      ),
  },
  {
    name: 'batch (per-item events)',
    facts: { failed: false, streaming: false },
    metrics: { inference: true, streamed: false, usageKnown: true },
    run: (h) =>
      runGenerationBatch(
        {
          ...REQUEST,
          operation: 'text_completion',
          size: 2,
          prompts: [
            [{ role: 'user', parts: [{ type: 'text', content: 'a' }] }],
            [{ role: 'user', parts: [{ type: 'text', content: 'b' }] }],
          ],
        },
        async () => 'ok',
        () => ({ responses: [RESPONSE, { ...RESPONSE, id: 'resp-2' }], usage: USAGE }),
        { bus: h.bus },
      ),
  },
  {
    name: 'failed batch',
    facts: { failed: true, streaming: false },
    metrics: { inference: true, streamed: false, usageKnown: false },
    run: (h) =>
      fail(
        runGenerationBatch(
          {
            ...REQUEST,
            operation: 'text_completion',
            size: 1,
            prompts: [[{ role: 'user', parts: [{ type: 'text', content: 'a' }] }]],
          },
          async () => {
            throw new RangeError('rate limited');
          },
          () => ({ responses: [] }),
          { bus: h.bus },
        ),
      ),
  },
  {
    name: 'workflow, agent (provider from its generation), tool, step and edge',
    facts: {
      failed: false,
      streaming: false,
      notApplicable: {
        'gen_ai.request.model': { reason: 'traceAgent does not know whether the agent has a single model' },
      },
    },
    metrics: { inference: true, streamed: false, usageKnown: true },
    run: (h) =>
      traceWorkflow('triage', () =>
        traceAgent(
          'helper',
          async () => {
            await runGeneration(
              REQUEST,
              async () => 'ok',
              () => RESPONSE,
              { bus: h.bus },
            );
            await traceTool('lookup', async () => 'found', { callId: 'call-1', type: 'function' });
            await traceStep('route', () => recordEdge('route', 'answer'));
          },
          { 'gen_ai.agent.id': 'helper-1', 'gen_ai.agent.description': 'Helps', 'gen_ai.agent.version': '1' },
        ),
      ),
  },
  {
    name: 'agent given its provider, with a failing tool',
    facts: {
      failed: true,
      streaming: false,
      notApplicable: {
        'gen_ai.request.model': { reason: 'traceAgent does not know whether the agent has a single model' },
        'gen_ai.agent.id': { reason: 'not given' },
        'gen_ai.agent.description': { reason: 'not given' },
        'gen_ai.agent.version': { reason: 'not given' },
      },
    },
    run: () =>
      fail(
        traceAgent(
          'solo',
          () =>
            traceTool('explode', async () => {
              throw new Error('tool failed');
            }),
          { 'gen_ai.provider.name': 'anthropic' },
        ),
      ),
  },
];

describe.each<SemconvMode>(['v1.41', 'genai-latest'])('semconv conformance: %s registry', (mode) => {
  const registry = loadRegistry(mode);
  const setOptIn = useSemconvOptIn();
  let h: Harness;
  beforeEach(() => {
    setOptIn(mode === 'genai-latest' ? 'gen_ai_latest_experimental' : undefined);
    h = setupHarness({ plugin: { captureContent: true } });
  });
  afterEach(() => h.teardown());

  it('reads the registry: the span definitions used exist, with their required attributes', () => {
    for (const id of Object.values(SPAN_DEFINITION[mode])) expect(registry.spans.get(id)).toBeDefined();
    expect(
      registry.spans.get(SPAN_DEFINITION[mode].chat)?.attributes.get('gen_ai.provider.name')?.level,
    ).toBe('required');
    expect(registry.metrics.size).toBeGreaterThan(3);
  });

  it.each(SCENARIOS.map((s): [string, Scenario] => [s.name, s]))('%s', async (_name, scenario) => {
    await withTraceContext(TRACE_CONTEXT, () => scenario.run(h));
    const spans = h.spans();
    expect(spans.length).toBeGreaterThan(0);
    const facts = {
      ...scenario.facts,
      notApplicable: { ...NEVER_AVAILABLE, ...scenario.facts.notApplicable },
    };
    const problems = spans.flatMap((s) =>
      spanProblems(s, registry, spanFacts(s, facts), { inProcess: scenario.inProcess }),
    );
    const points = await h.metricPoints();
    problems.push(...metricProblems(points, registry, facts));
    const emitted = new Set(points.map((p) => p.name));
    const expected = new Set(scenario.metrics ? expectedMetrics(registry, scenario.metrics) : []);
    for (const name of expected) if (!emitted.has(name)) problems.push(`metric ${name} was not recorded`);
    for (const name of emitted)
      if (!expected.has(name)) problems.push(`metric ${name} is not for this operation`);
    expect(problems).toEqual([]);
  });
});

const NO_REQUEST: ScenarioFacts['notApplicable'] = {
  'gen_ai.request.choice.count': { reason: 'an agent invocation has no request parameters' },
  'gen_ai.request.seed': { reason: 'an agent invocation has no request parameters' },
  'gen_ai.output.type': { reason: 'an agent invocation has no request parameters' },
};

/**
 * Per operation: the invocation definitions cover agents and workflows (each names only its own
 * kind), and agent spans inherit the request-parameter conditions of inference spans.
 */
const PER_OPERATION: Record<string, ScenarioFacts['notApplicable']> = {
  invoke_agent: { ...NO_REQUEST, 'gen_ai.workflow.name': { reason: 'an agent, not a workflow' } },
  invoke_workflow: {
    ...NO_REQUEST,
    'gen_ai.agent.name': { reason: 'a workflow, not an agent' },
    'gen_ai.agent.description': { reason: 'a workflow, not an agent' },
  },
};

/** One span's facts: it succeeded when it has no error status (an outer span may catch). */
function spanFacts(span: ReadableSpan, facts: ScenarioFacts): ScenarioFacts {
  const operation = span.attributes['gen_ai.operation.name'] as string;
  return {
    ...facts,
    failed: facts.failed && span.status.code === SpanStatusCode.ERROR,
    notApplicable: { ...facts.notApplicable, ...PER_OPERATION[operation] },
  };
}
