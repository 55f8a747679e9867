import { createServer, type Socket } from 'node:net';
import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { lastJson, runApp, setupWarnings, startApp } from './support/run-app';

// Spans are flushed on exit signals: the batch delay is long, so spans only leave with that flush.
// (A normal exit after the event loop drains is pinned in env-auto-registration.test.ts.)
let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('flush on exit signals (env-driven set-up)', () => {
  const env = () => ({
    MELLEA_TRACES_ENABLED: '1',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with spans pending and no other listener: they are exported, and the process still ends by the signal',
    async (signal) => {
      const app = startApp('server-app.mjs', { env: env() });
      await app.waitForOutput(/^ready /m);
      expect(receiver.requests).toEqual([]);
      app.child.kill(signal);
      const run = await app.exited;
      expect(run).toEqual(expect.objectContaining({ code: null, signal }));
      expect(setupWarnings(run.stderr)).toEqual([]);
      expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
    },
  );

  it('SIGTERM with the app’s own handler (a server draining): spans are flushed and the app decides how it ends', async () => {
    const app = startApp('server-app.mjs', { env: env(), args: ['own-handler'] });
    await app.waitForOutput(/^ready /m);
    expect(receiver.requests).toEqual([]);
    app.child.kill('SIGTERM');
    const run = await app.exited;
    expect(run).toEqual(expect.objectContaining({ code: 3, signal: null }));
    expect(run.stdout).toContain('draining\ndrained\n');
    expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
  });

  it('a second SIGINT while the flush hangs on a silent collector ends the process at once, by the signal', async () => {
    // Accepts connections and never answers: the flush could only end by its (long) timeouts,
    // after the run helper's safety net would have killed the child with SIGKILL.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const connected = new Promise((resolve) => silent.once('connection', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const app = startApp('server-app.mjs', {
        env: {
          ...env(),
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
          OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '60000',
        },
      });
      await app.waitForOutput(/^ready /m);
      app.child.kill('SIGINT');
      await connected; // the flush is under way
      app.child.kill('SIGINT');
      const run = await app.exited;
      expect(run).toEqual(expect.objectContaining({ code: null, signal: 'SIGINT' }));
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('flush before a normal exit (beforeExit), tracing set up in code', () => {
  it('setupTracing() without shutdown: the pending spans are exported when the event loop drains, and no signal is handled', async () => {
    const run = await runApp('setup-in-code.mjs', {
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl, OTEL_BSP_SCHEDULE_DELAY: '60000' },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout).listeners).toEqual({ beforeExit: 1, SIGTERM: 0, SIGINT: 0 });
    expect(receiver.spans().map((s) => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
  });

  it('a flush that waits on nothing does not hold the finished process for the export timeout', async () => {
    // The bound is far beyond the run helper's safety net, which would end the child by SIGKILL.
    const run = await runApp('setup-in-code.mjs', {
      args: ['hung-flush'],
      env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '600000' },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(lastJson(run.stdout).texts).toEqual(['answer 0', 'answer 1']);
  });
});
