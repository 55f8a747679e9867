import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { isDefaultExportSpan, isKnownLlmScope } from './default-span-filter';

function span(scope: string, attributes: Record<string, string> = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  provider.getTracer(scope).startSpan('s', { attributes }).end();
  return memory.getFinishedSpans()[0];
}

describe('isDefaultExportSpan', () => {
  it("keeps this project's spans", () => {
    expect(isDefaultExportSpan(span('@mellea/instrumentation-flows'))).toBe(true);
  });

  it('keeps any span with a gen_ai.* attribute', () => {
    expect(isDefaultExportSpan(span('my-app', { 'gen_ai.operation.name': 'chat' }))).toBe(true);
  });

  it('drops HTTP and database spans', () => {
    expect(
      isDefaultExportSpan(span('@opentelemetry/instrumentation-http', { 'http.request.method': 'GET' })),
    ).toBe(false);
    expect(
      isDefaultExportSpan(span('@opentelemetry/instrumentation-pg', { 'db.system': 'postgresql' })),
    ).toBe(false);
  });

  it.each([
    'ai',
    '@opentelemetry/instrumentation-openai',
    '@elastic/opentelemetry-instrumentation-openai',
    '@traceloop/instrumentation-anthropic',
    'opentelemetry.instrumentation.bedrock',
    '@arizeai/openinference-instrumentation-langchain',
    'openinference.instrumentation.llama_index',
    '@traceloop/instrumentation-vertexai',
    '@traceloop/instrumentation-cohere',
    'mistral-instrumentation',
    'ollama-js',
    'langfuse-sdk',
  ])('keeps spans of the known LLM instrumentation scope %s', (scope) => {
    expect(isDefaultExportSpan(span(scope))).toBe(true);
  });

  it.each(['aim', 'express', 'undici', '@opentelemetry/instrumentation-fs', ''])(
    'does not know the scope "%s"',
    (scope) => {
      expect(isKnownLlmScope(scope)).toBe(false);
    },
  );
});
