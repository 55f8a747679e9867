import path from 'node:path';
import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import { useReceivers } from '../support/receivers';
import { lastJson, QUIET_SDK, runApp, startApp } from '../support/run-app';

// Two real services over loopback, each with its own NodeSDK (sdk-node 0.223) and
// http/undici instrumentation, exporting over OTLP/HTTP (protobuf) to one loopback receiver.

const FIXTURES = path.join(__dirname, 'fixtures');
// Four Node processes, each loading the OTel SDK: slow on a loaded machine.
const TEST_TIMEOUT_MS = 90_000;
const CALLER = { 'session.id': 'sess-42', 'user.id': 'user-7', 'tag.tags': ['web', 'beta'] };

interface Call {
  traceId: string;
  answer: string;
  baggage: string | null;
}

describe('session, user and tags across services (W3C baggage)', () => {
  const receiver = useReceivers();

  it(
    'trusted receivers put the caller’s session, user and tags on their GenAI span; others, and un-propagated calls, carry none',
    async () => {
      const collector = await receiver();
      const env = { APP_COLLECTOR_URL: collector.tracesUrl };
      const modes = ['option', 'env', 'off'] as const;
      const tools = await Promise.all(
        modes.map(async (mode) => {
          const app = startApp(path.join(FIXTURES, 'tool-service.mjs'), {
            args: [mode],
            // OTEL_LOG_LEVEL: a failed export is written to stderr, shown if its span is missing.
            env: {
              ...QUIET_SDK,
              ...env,
              OTEL_LOG_LEVEL: 'warn',
              ...(mode === 'env' ? { MELLEA_TRACES_TRUST_BAGGAGE: 'On' } : {}),
            },
            safetyNetMs: TEST_TIMEOUT_MS,
          });
          let out = '';
          app.child.stdout!.on('data', (c: string) => {
            out += c;
          });
          await app.waitForOutput(/listening \d+/);
          return { mode, app, url: `http://127.0.0.1:${/listening (\d+)/.exec(out)![1]}/tool` };
        }),
      );
      try {
        const [option, byEnv, off] = tools.map((t) => t.url);
        const run = await runApp(path.join(FIXTURES, 'agent-service.mjs'), {
          args: [`on|${option}`, `on|${byEnv}`, `on|${off}`, `off|${option}`],
          env: { ...QUIET_SDK, ...env },
          safetyNetMs: TEST_TIMEOUT_MS,
        });
        expect(run).toEqual(expect.objectContaining({ code: 0, signal: null }));
        const calls = lastJson<Call[]>(run.stdout);
        expect(calls.map((c) => c.answer)).toEqual(Array(4).fill('hi over http'));

        // What went over the wire: session, user and tags only, and nothing with propagate off.
        const sent = calls[0].baggage!.split(',').map((kv) => kv.split('=').map(decodeURIComponent));
        expect(Object.fromEntries(sent)).toEqual({
          'session.id': 'sess-42',
          'user.id': 'user-7',
          'tag.tags': '["web","beta"]',
        });
        expect(calls[3].baggage).toBeNull();
      } finally {
        for (const t of tools) t.app.child.kill('SIGTERM');
        await Promise.all(tools.map((t) => t.app.exited));
      }
      const stderrOf = new Map<string, string>();
      for (const t of tools) {
        const ended = await t.app.exited;
        expect(ended).toEqual(expect.objectContaining({ code: 0 }));
        stderrOf.set(`tool-service-${t.mode}`, ended.stderr);
      }

      const spans = collector.spans();
      const calls = spans.filter(
        (s) => s.resource['service.name'] === 'agent-service' && s.name === 'invoke_agent planner',
      );
      expect(calls).toHaveLength(4);
      const genOf = (service: string, traceId: string): DecodedSpan => {
        const chats = spans.filter(
          (s) => s.resource['service.name'] === service && s.name === 'chat tool-model',
        );
        const found = chats.filter((s) => s.traceId === traceId);
        if (found.length !== 1)
          throw new Error(
            `${found.length} '${service}' chat spans in trace ${traceId} (its chat spans' traces: ${chats.map((s) => s.traceId).join(', ') || 'none'}); its stderr:\n${stderrOf.get(service)}`,
          );
        return found[0];
      };
      // The tool's own server span (the local "LLM" answers in the same process, under /v1/...).
      const serverOf = (service: string, traceId: string): DecodedSpan => {
        const found = spans.filter(
          (s) =>
            s.resource['service.name'] === service &&
            s.kind === 2 &&
            s.traceId === traceId &&
            (s.attributes['http.target'] ?? s.attributes['url.path']) === '/tool',
        );
        expect(found).toHaveLength(1);
        return found[0];
      };
      const traceIds = calls.map((c) => c.traceId);
      const pick = (a: DecodedSpan['attributes']) => ({
        'session.id': a['session.id'],
        'user.id': a['user.id'],
        'tag.tags': a['tag.tags'],
      });
      const NONE = { 'session.id': undefined, 'user.id': undefined, 'tag.tags': undefined };

      // Every generation span joins the caller's trace (W3C trace context), under the tool's server span.
      for (const [i, service] of [
        'tool-service-option',
        'tool-service-env',
        'tool-service-off',
        'tool-service-option',
      ].entries()) {
        const gen = genOf(service, traceIds[i]);
        expect(gen.parentSpanId).toBe(serverOf(service, traceIds[i]).spanId);
      }
      // trustBaggage by option and by MELLEA_TRACES_TRUST_BAGGAGE: the GenAI span and the
      // foreign (http server) span carry the caller's session, user and tags; never its trace name.
      for (const [i, service] of [
        [0, 'tool-service-option'],
        [1, 'tool-service-env'],
      ] as const) {
        const gen = genOf(service, traceIds[i]).attributes;
        expect(pick(gen)).toEqual(CALLER);
        expect(gen['gen_ai.conversation.id']).toBe('sess-42');
        expect(gen['mellea.trace.name']).toBeUndefined();
        expect(pick(serverOf(service, traceIds[i]).attributes)).toEqual(CALLER);
      }
      // Not trusted: none of them, though the baggage arrived.
      expect(pick(genOf('tool-service-off', traceIds[2]).attributes)).toEqual(NONE);
      expect(pick(serverOf('tool-service-off', traceIds[2]).attributes)).toEqual(NONE);
      // propagate off: nothing was sent, so a trusting receiver has nothing either.
      expect(pick(genOf('tool-service-option', traceIds[3]).attributes)).toEqual(NONE);
    },
    TEST_TIMEOUT_MS,
  );
});
