import { type Attributes, SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { MetricPoint } from '../plugin/support/otel-harness';
import { metricProblems, spanProblems } from '../support/semconv-conformance';
import { loadRegistry } from '../support/semconv-registry';

/** The checker itself: each kind of problem it exists to find is found. */

const v141 = loadRegistry('v1.41');
const latest = loadRegistry('genai-latest');
const OK = { failed: false, streaming: false };
const CHAT: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'm',
  'gen_ai.request.seed': 1,
  'gen_ai.request.choice.count': 2,
  'gen_ai.output.type': 'text',
  'gen_ai.request.top_k': 3,
  'gen_ai.conversation.id': 'c',
};
const NA = {
  ...OK,
  notApplicable: {
    'gen_ai.prompt.name': { reason: 'none' },
    'gen_ai.prompt.version': { reason: 'none' },
  },
};

function span(name: string, attributes: Attributes, kind = SpanKind.CLIENT) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.getTracer('t').startSpan(name, { kind, attributes }).end();
  return exporter.getFinishedSpans()[0];
}

describe('the semconv conformance checker', () => {
  it('passes a conforming inference span', () => {
    expect(spanProblems(span('chat m', CHAT), v141, NA)).toEqual([]);
    expect(spanProblems(span('chat m', CHAT), latest, NA)).toEqual([]);
  });

  it('finds a missing required attribute, a wrong type, a deprecated and an unknown name', () => {
    const { 'gen_ai.provider.name': _, ...rest } = CHAT;
    const problems = spanProblems(
      span('chat m', { ...rest, 'gen_ai.request.max_tokens': 1.5, 'gen_ai.system': 'openai', 'foo.bar': 1 }),
      v141,
      NA,
    );
    expect(problems.sort()).toEqual([
      'span "chat m": foo.bar is not in the v1.41 registry',
      'span "chat m": gen_ai.request.max_tokens should be int, is 1.5',
      'span "chat m": gen_ai.system is deprecated in v1.41',
      'span "chat m": required gen_ai.provider.name is missing',
    ]);
  });

  it('finds a missing conditionally required attribute, one that must be absent, a wrong name and kind', () => {
    const { 'gen_ai.conversation.id': _, ...rest } = CHAT;
    const problems = spanProblems(
      span('chat', { ...rest, 'gen_ai.request.stream': true }, SpanKind.SERVER),
      v141,
      NA,
    );
    expect(problems.sort()).toEqual([
      'span "chat": conditionally required gen_ai.conversation.id is missing (when available)',
      'span "chat": gen_ai.request.stream must be absent (not a streaming request)',
      'span "chat": kind server, not client',
      'span "chat": name should be one of chat m',
    ]);
  });

  it("uses each mode's names: v1.41's cache_creation is unknown to the latest registry", () => {
    const attrs = { ...CHAT, 'gen_ai.usage.cache_creation.input_tokens': 2 };
    expect(spanProblems(span('chat m', attrs), v141, NA)).toEqual([]);
    expect(spanProblems(span('chat m', attrs), latest, NA)).toEqual([
      'span "chat m": gen_ai.usage.cache_creation.input_tokens is not in the genai-latest registry',
    ]);
  });

  it('finds a metric with the wrong instrument, unit, value type or attributes', () => {
    const point: MetricPoint = {
      name: 'gen_ai.client.inference.usage.input_tokens',
      unit: 'tokens',
      kind: 'histogram',
      valueType: 1,
      value: 1,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'p',
        'gen_ai.request.model': 'm',
        'error.type': 'E',
      },
    };
    expect(metricProblems([point], latest, { failed: true, streaming: false })).toEqual([
      'metric gen_ai.client.inference.usage.input_tokens: a histogram, not a counter',
      'metric gen_ai.client.inference.usage.input_tokens: unit tokens, not {token}',
      'metric gen_ai.client.inference.usage.input_tokens: double values, not int',
      'metric gen_ai.client.inference.usage.input_tokens: required gen_ai.token.modality is missing',
      'metric gen_ai.client.inference.usage.input_tokens: error.type is not an attribute of metric.gen_ai.client.inference.usage.input_tokens',
    ]);
    expect(metricProblems([{ ...point, name: 'gen_ai.client.token.usage' }], latest, OK)).toEqual([
      'metric gen_ai.client.token.usage is not in the genai-latest registry',
    ]);
  });
});
