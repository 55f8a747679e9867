import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { lastJson, runApp, setupWarnings } from './support/run-app';

// MELLEA_TRACES_ENABLED alone is enough to trace an app; unset, nothing is loaded or registered at all.
describe('MELLEA_TRACES_ENABLED auto-registration', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('an app importing only core-hooks exports its chat span with GenAI attributes and OTEL_SERVICE_NAME, then exits 0 by itself with nothing lost', async () => {
    const run = await runApp('generations.mjs', {
      args: ['5'],
      env: {
        MELLEA_TRACES_ENABLED: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
        OTEL_SERVICE_NAME: 'checkout-bot',
        // The batch would otherwise wait 5 s: the spans must leave with the flush at exit.
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout).texts).toEqual(['answer 0', 'answer 1', 'answer 2', 'answer 3', 'answer 4']);
    expect(setupWarnings(run.stderr)).toEqual([]);

    const spans = receiver.spans();
    expect(spans).toHaveLength(5);
    const [span] = spans;
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(3);
    expect(span.scopeName).toBe('@mellea/instrumentation-flows');
    expect(span.resource['service.name']).toBe('checkout-bot');
    expect(span.resource['telemetry.sdk.language']).toBe('nodejs');
    expect(span.attributes).toEqual(
      expect.objectContaining({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 64,
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': 'chatcmpl-0',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 11,
        'gen_ai.usage.output_tokens': 3,
        'server.address': 'api.openai.example',
        'server.port': 443,
      }),
    );
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(5);
    expect(receiver.requests.every((r) => r.contentType === 'application/x-protobuf')).toBe(true);
  });

  it.each([
    ['unset', undefined],
    ['0', '0'],
    ['false', 'false'],
    ['no', 'no'],
    ['OFF', 'OFF'],
  ])(
    'with MELLEA_TRACES_ENABLED %s: no span, no provider, no listener, and importing the package has no side effect',
    async (_label, value) => {
      const env = { MELLEA_TRACES_ENABLED: value, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl };
      const [coreOnly, withImport] = await Promise.all([
        runApp('generations.mjs', { env }),
        runApp('import-then-generate.mjs', { env }),
      ]);
      for (const run of [coreOnly, withImport]) {
        expect(run).toEqual(expect.objectContaining({ code: 0, signal: null, stderr: '' }));
        expect(lastJson(run.stdout)).toEqual({
          texts: ['answer 0'],
          plugins: [],
          otelGlobals: [],
          sdkLoaded: false,
          setupHandle: false,
          listeners: { beforeExit: 0, SIGTERM: 0, SIGINT: 0 },
        });
      }
      expect(receiver.requests).toEqual([]);
    },
  );

  it('importing the package with MELLEA_TRACES_ENABLED=true sets tracing up at import, once', async () => {
    const run = await runApp('import-then-generate.mjs', {
      env: { MELLEA_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    const state = lastJson(run.stdout);
    expect(state.plugins).toEqual(['backend_tracing']);
    expect(state.otelGlobals).toEqual(expect.arrayContaining(['trace', 'context', 'propagation']));
    expect(state.listeners).toEqual({ beforeExit: 1, SIGTERM: 1, SIGINT: 1 });
    expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  });
});
