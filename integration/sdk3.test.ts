import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import {
  contentProblems,
  contentValues,
} from '../packages/instrumentation-flows/test/support/content-values';
import { useReceivers } from '../packages/instrumentation-flows/test/support/receivers';
import {
  lastJson,
  QUIET_SDK,
  runApp,
  setupWarnings,
} from '../packages/instrumentation-flows/test/support/run-app';
import { installedApps } from './support/installed-apps';

const app = installedApps().sdk3;
const run = (script: string, env: Record<string, string> = {}, nodeArgs: string[] = []) =>
  runApp(path.join(app.dir, script), {
    cwd: app.dir,
    node: app.node,
    env: { ...QUIET_SDK, ...env },
    nodeArgs,
  });

const byName = (spans: DecodedSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect([name, found.length]).toEqual([name, 1]);
  return found[0];
};

describe(`on Node ${process.versions.node} with OTel JS SDK 3 (sdk-node 0.301, sdk-trace 3.1, api 1.10), installed from the packs`, () => {
  const receiver = useReceivers();
  /** env-only.mjs with the env set-up exporting to a fresh receiver; it must end cleanly. */
  const runEnvOnly = async (env: Record<string, string>) => {
    const collector = await receiver();
    const r = await run('env-only.mjs', {
      MELLEA_TRACES_ENABLED: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      ...env,
    });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    return { collector, r };
  };

  it('runs on the Node line of this run (.ci/node-lines.mjs), one SDK 3 supports', async () => {
    const r = await runApp(path.join(app.dir, 'generations-only.mjs'), {
      cwd: app.dir,
      node: app.node,
      args: [],
    });
    expect(r.code).toBe(0);
    expect(process.versions.node).toBe(process.env.MELLEA_IT_NODE);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('NodeSDK 3 with http + undici: the GenAI span under the server span, the fetch span under the GenAI span', async () => {
    const collector = await receiver();
    const r = await run('node-sdk-http.mjs', { APP_COLLECTOR_URL: collector.tracesUrl });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const out = lastJson<{ body: string; provider: Record<string, unknown> }>(r.stdout);
    expect(out.body).toBe('hi over http');
    // NodeSDK registered the 3.x line's TracerProvider
    expect(out.provider).toEqual({ sdkTrace: true, nodeTracerProvider: false });

    const spans = collector.spans();
    const chat = byName(spans, 'chat http-model');
    // the app's own server span (GET /ask); the local LLM's server span is a POST
    const server = spans.find(
      (s) => s.kind === 2 && s.name === 'GET' && s.scopeName.includes('instrumentation-http'),
    );
    const fetchSpan = spans.find((s) => s.scopeName.includes('undici'));
    expect(server).toBeDefined();
    expect(fetchSpan).toBeDefined();
    expect(chat.traceId).toBe(server?.traceId);
    expect(chat.parentSpanId).toBe(server?.spanId);
    expect(fetchSpan?.parentSpanId).toBe(chat.spanId);
    expect(chat.resource['service.name']).toBe('sdk3-http-app');
    expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
  });

  it('env-only set-up builds a provider of the 3.x line (TracerProvider, not NodeTracerProvider) and sends real OTLP', async () => {
    const { collector, r } = await runEnvOnly({ OTEL_SERVICE_NAME: 'sdk3-env-app' });
    const out = lastJson<{ provider: Record<string, unknown>; traceparent: string | null }>(r.stdout);
    expect(out.provider).toEqual({ sdkTrace: true, nodeTracerProvider: false });

    const spans = collector.spans();
    const workflow = byName(spans, 'invoke_workflow env-only');
    const chat = byName(spans, 'chat env-model');
    expect(chat.parentSpanId).toBe(workflow.spanId); // the context manager we registered carries it across await
    expect(chat.resource['service.name']).toBe('sdk3-env-app');
    expect(out.traceparent).toContain(workflow.traceId); // the W3C propagator we registered
  });

  it('env-only set-up honours OTEL_TRACES_SAMPLER on the 3.x provider (which reads no variable itself)', async () => {
    const { collector, r } = await runEnvOnly({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(lastJson<{ traceparent: string }>(r.stdout).traceparent).toMatch(/-00$/); // not sampled
    expect(collector.spans()).toEqual([]);
  });

  it('`--import @mellea/instrumentation-flows/register` traces an app that imports nothing of ours', async () => {
    const collector = await receiver();
    const r = await run(
      'generations-only.mjs',
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl, OTEL_SERVICE_NAME: 'sdk3-register-app' },
      ['--import', '@mellea/instrumentation-flows/register'],
    );
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(lastJson(r.stdout)).toEqual({ text: 'fine' });
    const chat = byName(collector.spans(), 'chat register-model');
    expect(chat.resource['service.name']).toBe('sdk3-register-app');
  });

  it('the Langfuse processor of the env set-up sends to the (loopback) Langfuse endpoint', async () => {
    const langfuse = await receiver();
    const r = await run('env-only.mjs', {
      MELLEA_TRACES_ENABLED: '1',
      MELLEA_TRACES_LANGFUSE: '1',
      LANGFUSE_BASE_URL: langfuse.url,
      LANGFUSE_PUBLIC_KEY: 'pk-lf-env',
      LANGFUSE_SECRET_KEY: 'sk-lf-env',
    });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(new Set(langfuse.requests.map((q) => q.path))).toEqual(new Set(['/api/public/otel/v1/traces']));
    expect(langfuse.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('pk-lf-env:sk-lf-env').toString('base64')}`,
    );
    const chat = byName(langfuse.spans(), 'chat env-model');
    expect(chat.attributes['langfuse.observation.type']).toBe('generation');
  });

  it('NodeSDK 3 with the collectors and the Langfuse processor as its span processors', async () => {
    const langfuse = await receiver();
    const traceFile = path.join(app.dir, `spans-${process.pid}.jsonl`);
    const r = await run('node-sdk-collectors.mjs', {
      APP_LANGFUSE_URL: langfuse.url,
      APP_TRACE_FILE: traceFile,
    });
    expect(r.code).toBe(0);
    expect(setupWarnings(r.stderr)).toEqual([]);
    // InMemoryTraceCollector
    expect(lastJson(r.stdout)).toEqual({
      tree: [{ name: 'invoke_agent helper', children: [{ name: 'chat collect-model', children: [] }] }],
    });
    // ConsoleTreeExporter on stderr
    expect(r.stderr).toMatch(/invoke_agent helper[\s\S]*└─ chat collect-model/);
    // FileSpanExporter: OTLP/JSON lines
    const lines = readFileSync(traceFile, 'utf8').trim().split('\n');
    const names = lines.flatMap((l) =>
      JSON.parse(l).resourceSpans.flatMap((rs: { scopeSpans: { spans: { name: string }[] }[] }) =>
        rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)),
      ),
    );
    expect(names.sort()).toEqual(['chat collect-model', 'invoke_agent helper']);
    // LangfuseSpanProcessor (3.x SimpleSpanProcessor underneath)
    const chat = byName(langfuse.spans(), 'chat collect-model');
    expect(chat.attributes['langfuse.session.id']).toBe('session-7');
    expect(chat.attributes['langfuse.user.id']).toBe('user-7');
  });

  it('captured content is valid JSON within span limits set in code (new NodeSDK({ spanLimits }))', async () => {
    const collector = await receiver();
    const r = await run('node-sdk-span-limits.mjs', { APP_COLLECTOR_URL: collector.tracesUrl });
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const values = contentValues(collector.spans());
    expect(values).toHaveLength(9);
    expect(contentProblems(values, 300)).toEqual([]);
  });
});
