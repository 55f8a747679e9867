import { useReceivers } from './support/receivers';
import { lastJson, runApp, setupWarnings } from './support/run-app';

// The SDK's own metrics/logs exporters stay off: only traces matter here.
const QUIET_SDK = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

// A user's own NodeSDK is traced, with MelleaInstrumentation or after the env set-up.
describe('with the user’s own NodeSDK (@opentelemetry/sdk-node 0.223)', () => {
  const receiver = useReceivers();

  it('MelleaInstrumentation sends the generation span, with the undici span as its child, to the SDK’s exporter; disable() stops new generation spans', async () => {
    const collector = await receiver();
    const run = await runApp('node-sdk-instrumentation.mjs', {
      env: { ...QUIET_SDK, APP_COLLECTOR_URL: collector.tracesUrl },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout)).toEqual({
      pluginsBeforeStart: ['backend_tracing'],
      pluginsAfterDisable: [],
      config: { enabled: true },
      name: '@mellea/instrumentation-flows',
    });

    const spans = collector.spans();
    const chat = spans.filter((s) => s.name.startsWith('chat '));
    expect(chat.map((s) => s.name)).toEqual(['chat enabled-model']);
    expect(chat[0].resource['service.name']).toBe('user-sdk-app');
    const http = spans.filter((s) => s.scopeName.includes('undici'));
    expect(http).toHaveLength(2);
    const [underChat, afterDisable] = http;
    expect(underChat).toEqual(
      expect.objectContaining({ traceId: chat[0].traceId, parentSpanId: chat[0].spanId, kind: 3 }),
    );
    expect(underChat.attributes['url.full']).toMatch(/\/v1\/chat\/completions$/);
    expect(afterDisable.parentSpanId).toBeUndefined();
  });

  it.each([
    ['the package was imported (env set-up) before the SDK started', 'import-first'],
    ['core-hooks auto-loads the set-up at the first generation', 'auto-load'],
  ])(
    'a global provider registered before the first generation is used as it is, when %s',
    async (_label, mode) => {
      const [userCollector, envEndpoint] = await Promise.all([receiver(), receiver()]);
      const run = await runApp('node-sdk-after-env-setup.mjs', {
        args: [mode],
        env: {
          ...QUIET_SDK,
          MELLEA_TRACES_ENABLED: '1',
          APP_COLLECTOR_URL: userCollector.tracesUrl,
          // Where a provider of our own would export: it must get nothing.
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: envEndpoint.tracesUrl,
        },
      });
      expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(setupWarnings(run.stderr)).toEqual([]);
      const state = lastJson(run.stdout);
      expect(state.importedFirst).toEqual(mode === 'import-first' ? ['backend_tracing'] : []);
      expect(state.plugins).toEqual(['backend_tracing']);
      expect(state.stillSdkProvider).toBe(true);

      expect(userCollector.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
      expect(userCollector.spans()[0].resource['service.name']).toBe('user-sdk');
      expect(envEndpoint.requests).toEqual([]);
    },
  );

  it('MelleaInstrumentation records metrics through a NodeSDK started after the first generation (none before it)', async () => {
    const run = await runApp('node-sdk-metrics-late.mjs', { env: QUIET_SDK });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout)).toEqual({ points: [{ model: 'after-sdk', count: 1 }] });
  });
});
