import { useReceivers } from './support/receivers';
import { lastJson, runApp, setupWarnings } from './support/run-app';

const REGISTER = '@mellea/instrumentation-flows/register';

// `node --import …/register` traces an ESM app, and `require` of it a CommonJS one.
describe('the @mellea/instrumentation-flows/register entry', () => {
  const receiver = useReceivers();

  it('node --import sets tracing up for an ESM app without MELLEA_TRACES_ENABLED; MELLEA_TRACES_ENABLED=off keeps it off', async () => {
    const [on, off] = await Promise.all([receiver(), receiver()]);
    const [onRun, offRun] = await Promise.all([
      runApp('generations.mjs', {
        nodeArgs: ['--import', REGISTER],
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: on.tracesUrl, OTEL_SERVICE_NAME: 'esm-app' },
      }),
      runApp('generations.mjs', {
        nodeArgs: ['--import', REGISTER],
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: off.tracesUrl, MELLEA_TRACES_ENABLED: 'off' },
      }),
    ]);
    expect(onRun).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(setupWarnings(onRun.stderr)).toEqual([]);
    expect(lastJson(onRun.stdout).plugins).toEqual(['backend_tracing']);
    const [span] = on.spans();
    expect(on.spans()).toHaveLength(1);
    expect(span).toEqual(
      expect.objectContaining({
        name: 'chat gpt-4o-mini',
        resource: expect.objectContaining({ 'service.name': 'esm-app' }),
      }),
    );

    expect(offRun).toEqual(expect.objectContaining({ code: 0, signal: null, stderr: '' }));
    expect(lastJson(offRun.stdout)).toEqual(
      expect.objectContaining({ plugins: [], otelGlobals: [], sdkLoaded: false }),
    );
    expect(off.requests).toEqual([]);
  });

  it('require() of the entry in a CommonJS app, and node -r, set tracing up', async () => {
    const [required, preloaded] = await Promise.all([receiver(), receiver()]);
    const [requiredRun, preloadedRun] = await Promise.all([
      runApp('require-register.cjs', { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: required.tracesUrl } }),
      runApp('generations.mjs', {
        nodeArgs: ['-r', REGISTER],
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: preloaded.tracesUrl },
      }),
    ]);
    expect(requiredRun).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(requiredRun.stdout)).toEqual({ text: 'from cjs', plugins: ['backend_tracing'] });
    expect(required.spans()).toEqual([
      expect.objectContaining({
        name: 'chat claude-sonnet',
        attributes: expect.objectContaining({
          'gen_ai.provider.name': 'anthropic',
          'gen_ai.usage.input_tokens': 5,
        }),
      }),
    ]);
    expect(preloadedRun).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(preloaded.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
  });
});
