import path from 'node:path';
import { useReceivers } from '../packages/instrumentation-flows/test/support/receivers';
import { lastJson, runApp, setupWarnings } from '../packages/instrumentation-flows/test/support/run-app';
import { installedApps } from './support/installed-apps';

const apps = installedApps();

describe(`tracing switched on with no OTel SDK installed (Node ${process.versions.node})`, () => {
  it('gives one warning naming what to install and the command; the app runs untraced', async () => {
    const app = apps.bare;
    const r = await runApp(path.join(app.dir, 'generations-only.mjs'), {
      cwd: app.dir,
      node: app.node,
      nodeArgs: ['--import', '@mellea/instrumentation-flows/register'],
    });
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toEqual({ text: 'fine' });
    expect(setupWarnings(r.stderr)).toEqual([
      '[@mellea/instrumentation-flows] tracing is on but no OpenTelemetry SDK is installed beside the application, ' +
        'so it runs untraced. Install the SDK, the 3.x line (Node.js ≥ 22.15): npm install @opentelemetry/api@~1.10 ' +
        '@opentelemetry/sdk-trace@^3.1 @opentelemetry/context-async-hooks@^3.1 @opentelemetry/resources@^3.1 ' +
        '@opentelemetry/exporter-trace-otlp-proto@^0.301',
    ]);
  });
});

describe('on Node 20 with OTel JS SDK 2 (sdk-node 0.223, sdk-trace-base 2.12, api 1.9), installed from the packs', () => {
  const receiver = useReceivers();

  it('env-only set-up builds the 2.x line’s NodeTracerProvider and sends real OTLP', async () => {
    const app = apps.sdk2;
    const collector = await receiver();
    const r = await runApp(path.join(app.dir, 'env-only.mjs'), {
      cwd: app.dir,
      node: app.node,
      env: {
        MELLEA_TRACES_ENABLED: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_SERVICE_NAME: 'sdk2-env-app',
      },
    });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const out = lastJson<{ provider: Record<string, unknown> }>(r.stdout);
    // @opentelemetry/sdk-trace 2.12 is installed too (sdk-trace-base's own dependency), yet the 2.x path is taken
    expect(out.provider).toEqual(expect.objectContaining({ nodeTracerProvider: true }));
    const chat = collector.spans().find((s) => s.name === 'chat env-model');
    expect(chat?.resource['service.name']).toBe('sdk2-env-app');
  });
});
