import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useReceivers } from '../support/receivers';
import { lastJson, QUIET_SDK, runApp, setupWarnings } from '../support/run-app';

// The SDK's own metrics/logs exporters stay off: only traces matter here.

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

  it('MELLEA_TRACES_FILE / MELLEA_TRACES_CONSOLE beside the app’s NodeSDK (its provider takes processors only when built): one warning each, naming the variable and showing the line to add; the SDK’s exporter still gets the spans', async () => {
    const [sdkCollector, envSetupCollector] = await Promise.all([receiver(), receiver()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'mellea-sdk-file-'));
    const file = path.join(dir, 'spans.jsonl');
    try {
      const [withInstrumentation, afterEnvSetup] = await Promise.all([
        runApp('node-sdk-instrumentation.mjs', {
          env: { ...QUIET_SDK, APP_COLLECTOR_URL: sdkCollector.tracesUrl, MELLEA_TRACES_FILE: file },
        }),
        runApp('node-sdk-after-env-setup.mjs', {
          args: ['auto-load'],
          env: {
            ...QUIET_SDK,
            MELLEA_TRACES_ENABLED: '1',
            MELLEA_TRACES_CONSOLE: '1',
            APP_COLLECTOR_URL: envSetupCollector.tracesUrl,
          },
        }),
      ]);
      for (const run of [withInstrumentation, afterEnvSetup]) {
        expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
      }
      expect(setupWarnings(withInstrumentation.stderr)).toEqual([
        expect.stringContaining(
          `MELLEA_TRACES_FILE=${file} asks for spans written to that file, but spans go to the application's own TracerProvider`,
        ),
      ]);
      expect(withInstrumentation.stderr).toContain(
        `spanProcessors: [new SimpleSpanProcessor(new FileSpanExporter({ path: ${JSON.stringify(file)} }))]`,
      );
      expect(existsSync(file)).toBe(false);
      expect(
        sdkCollector
          .spans()
          .filter((s) => s.name.startsWith('chat '))
          .map((s) => s.name),
      ).toEqual(['chat enabled-model']);

      expect(setupWarnings(afterEnvSetup.stderr)).toEqual([
        expect.stringContaining('MELLEA_TRACES_CONSOLE asks for the console trace tree'),
      ]);
      expect(afterEnvSetup.stderr).toContain(
        'spanProcessors: [new SimpleSpanProcessor(new ConsoleTreeExporter())]',
      );
      expect(afterEnvSetup.stderr).not.toMatch(/^chat gpt-4o-mini .* ms/m); // no tree was printed
      expect(envSetupCollector.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('MelleaInstrumentation records metrics through a NodeSDK started after the first generation (none before it)', async () => {
    const run = await runApp('node-sdk-metrics-late.mjs', { env: QUIET_SDK });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout)).toEqual({ points: [{ model: 'after-sdk', count: 1 }] });
  });
});
