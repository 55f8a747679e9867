import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type DecodedSpan, type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { type DemoRun, runDemo } from './run-demo';

const STATUS_UNSET = 0;
const STATUS_ERROR = 2;
const KIND_INTERNAL = 1;
const KIND_SERVER = 2;
const KIND_CLIENT = 3;
const GENERATIONS = new Set(['chat', 'text_completion', 'embeddings']);

const byName = (run: DemoRun, name: string): DecodedSpan => {
  const found = run.spans.filter((s) => s.name === name);
  if (found.length !== 1)
    throw new Error(`${found.length} spans "${name}"; got: ${run.spans.map((s) => s.name).join(', ')}`);
  return found[0];
};
const parentOf = (run: DemoRun, span: DecodedSpan) => run.spans.find((s) => s.spanId === span.parentSpanId);
const childrenOf = (run: DemoRun, span: DecodedSpan) =>
  run.spans
    .filter((s) => s.parentSpanId === span.spanId)
    .sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
const isGeneration = (s: DecodedSpan) => GENERATIONS.has(String(s.attributes['gen_ai.operation.name']));
const okOrFail = (run: DemoRun) => {
  if (run.code !== 0) throw new Error(`demo exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
};

describe('the demo in short mode (CI): traces/demo.jsonl', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(['--short']);
  }, 90_000);

  it('exits 0, every check passed, and prints the checks and the file paths without the console tree', () => {
    okOrFail(run);
    expect(run.stdout).toContain('Demo OK.');
    expect(run.checks.length).toBeGreaterThan(10);
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
    expect(run.stdout).toMatch(/trace file {3}\S+demo\.jsonl/);
    expect(run.stdout).toMatch(/viewer page {2}\S+demo\.html/);
    expect(run.stderr).not.toContain('invoke_workflow');
    expect(run.html).toMatch(/^<!doctype html>/);
  });

  it('holds one trace: workflow → agent → planning chat, two tools, embeddings, batch, chats, two streams', () => {
    expect(new Set(run.spans.map((s) => s.traceId)).size).toBe(1);
    const workflow = byName(run, 'invoke_workflow support-ticket');
    expect(workflow.parentSpanId).toBeUndefined();
    const agent = byName(run, 'invoke_agent support-agent');
    expect(parentOf(run, agent)).toBe(workflow);
    expect(agent.kind).toBe(KIND_INTERNAL);
    expect(childrenOf(run, agent).map((s) => s.name)).toEqual([
      'chat o4-mini',
      'execute_tool lookup_order',
      'execute_tool check_refund_policy',
      'embeddings text-embedding-3-small',
      'text_completion gpt-3.5-turbo-instruct',
      'chat fail-model',
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
    ]);
    const policyTool = byName(run, 'execute_tool check_refund_policy');
    expect(childrenOf(run, policyTool).map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    for (const span of run.spans) expect(span.resource['service.name']).toBe('mellea-demo');
  });

  it('runs the two tools in parallel', () => {
    const [a, b] = ['execute_tool lookup_order', 'execute_tool check_refund_policy'].map((n) =>
      byName(run, n),
    );
    expect(BigInt(a.startTimeUnixNano) < BigInt(b.endTimeUnixNano)).toBe(true);
    expect(BigInt(b.startTimeUnixNano) < BigInt(a.endTimeUnixNano)).toBe(true);
    expect(a.attributes['gen_ai.tool.call.id']).toBe('call_001');
    expect(b.attributes['gen_ai.tool.call.id']).toBe('call_002');
  });

  it('scores the candidates with one batch request, and streams the answer with its time to first chunk', () => {
    const batch = byName(run, 'text_completion gpt-3.5-turbo-instruct').attributes;
    expect(batch['mellea.request.num_actions']).toBe(3);
    expect(batch['gen_ai.response.finish_reasons']).toEqual(['stop', 'stop', 'stop']);
    const agent = byName(run, 'invoke_agent support-agent');
    const [, , answer, cancelled] = childrenOf(run, agent).filter(
      (s) => s.name === 'chat gpt-4o-mini' || s.name === 'chat fail-model',
    );
    expect(answer.attributes['gen_ai.request.stream']).toBe(true);
    expect(answer.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(answer.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(answer.status.code).toBe(STATUS_UNSET);
    expect(cancelled.attributes['gen_ai.request.stream']).toBe(true);
  });

  it('marks the failing call ERROR and its retry, the next call, a success', () => {
    const failed = byName(run, 'chat fail-model');
    expect(failed.status.code).toBe(STATUS_ERROR);
    expect(failed.attributes['error.type']).toBe('InternalServerError');
    expect(failed.events.some((e) => e.name === 'exception')).toBe(true);
    const siblings = childrenOf(run, parentOf(run, failed)!);
    const retry = siblings[siblings.indexOf(failed) + 1];
    expect([retry.name, retry.status.code, retry.attributes['gen_ai.response.finish_reasons']]).toEqual([
      'chat gpt-4o-mini',
      STATUS_UNSET,
      ['stop'],
    ]);
  });

  it("ends the stopped stream as cancelled: finish_reasons ['error'], error.type 'cancelled'", () => {
    const cancelled = run.spans.filter((s) => s.attributes['error.type'] === 'cancelled');
    expect(cancelled.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(cancelled[0].status).toEqual({ code: STATUS_ERROR, message: 'cancelled' });
    expect(cancelled[0].attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    // The consumer stopped it: no exception event.
    expect(cancelled[0].events.filter((e) => e.name === 'exception')).toEqual([]);
    const failedGenerations = run.spans.filter((s) => s.status.code === STATUS_ERROR && isGeneration(s));
    expect(failedGenerations.map((s) => s.attributes['error.type'])).toEqual([
      'InternalServerError',
      'cancelled',
    ]);
  });

  it('puts the session, user and tags on every span, HTTP client spans included', () => {
    for (const span of run.spans) {
      expect([
        span.name,
        span.attributes['session.id'],
        span.attributes['user.id'],
        span.attributes['tag.tags'],
      ]).toEqual([span.name, 'demo-session-42', 'user-ada', ['demo', 'support']]);
    }
  });

  it('nests each provider request (fetch, via the undici instrumentation) under its generation span', () => {
    const generations = run.spans.filter(isGeneration);
    expect(generations).toHaveLength(8);
    for (const generation of generations) {
      const requests = childrenOf(run, generation);
      expect([generation.name, requests.map((r) => [r.name, r.kind])]).toEqual([
        generation.name,
        [['POST', KIND_CLIENT]],
      ]);
      expect(requests[0].attributes['server.port']).toBe(generation.attributes['server.port']);
      expect(Object.keys(requests[0].attributes).filter((k) => k.startsWith('gen_ai.'))).toEqual([]);
    }
    expect(childrenOf(run, byName(run, 'chat fail-model'))[0].status.code).toBe(STATUS_ERROR);
  });

  it('records no message content by default', () => {
    for (const span of run.spans) {
      expect(Object.keys(span.attributes).filter((k) => k.endsWith('.messages'))).toEqual([]);
    }
  });
});

describe('the demo (pnpm demo) in full', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo();
  }, 90_000);

  it('prints the app output, the console tree, the receiver summary and how to send the run on', () => {
    okOrFail(run);
    expect(run.stdout).toContain('app │ answer (streamed): I have opened refund request R-1042');
    expect(run.stdout).toContain('app │ summary on fail-model failed (InternalServerError');
    expect(run.stdout).toContain('app │ translation stopped after its first chunk');
    // ConsoleTreeExporter writes to the app's stderr, which run-demo passes through.
    for (const line of [
      'invoke_workflow support-ticket',
      '└─ invoke_agent support-agent',
      'ERROR (cancelled)',
    ]) {
      expect(run.stderr).toContain(line);
    }
    expect(run.stdout).toMatch(/The OTLP receiver at http:\/\/127\.0\.0\.1:\d+\/v1\/traces decoded 20 spans/);
    expect(run.received).toBe(run.spans.length);
    expect(run.stdout).toContain(
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://localhost:4318/v1/traces pnpm demo',
    );
    expect(run.stdout).toContain('LANGFUSE_PUBLIC_KEY=pk-lf-… LANGFUSE_SECRET_KEY=sk-lf-…');
    expect(run.stdout).toContain('OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_API_KEY=sk-… pnpm demo');
    expect(run.stdout).toContain('Demo OK.');
  });

  it('writes the same spans to the file as the collector got, one OTLP/JSON request per line', () => {
    const lines = run.jsonl!.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const spans = lines.flatMap((l) =>
      JSON.parse(l).resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)),
    );
    expect(spans).toHaveLength(20);
  });
});

describe('the demo with --content', () => {
  it('records the prompts and completions as semconv messages', async () => {
    const run = await runDemo(['--short', '--content']);
    okOrFail(run);
    const plan = byName(run, 'chat o4-mini').attributes;
    const input = JSON.parse(String(plan['gen_ai.input.messages']));
    expect(input[0]).toMatchObject({ role: 'user', parts: [{ type: 'text' }] });
    expect(input[0].parts[0].content).toContain('charged twice');
    const output = JSON.parse(String(plan['gen_ai.output.messages']));
    expect(output[0].parts[0].content).toContain('Look up the order');
  }, 90_000);
});

describe('the demo with your provider (OPENAI_BASE_URL, OPENAI_API_KEY), your collector (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and Langfuse keys', () => {
  let provider: ChildProcess;
  let baseURL: string;
  let collector: OtlpReceiver;
  let langfuse: OtlpReceiver;
  let run: DemoRun;
  beforeAll(async () => {
    // The mock server as a separate process, standing in for a real provider.
    const cli = path.resolve(__dirname, '../../../../examples/mock-openai-server/src/cli.mjs');
    provider = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    baseURL = await new Promise<string>((resolve, reject) => {
      let out = '';
      provider.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/OPENAI_BASE_URL=(\S+)/);
        if (m) resolve(m[1]);
      });
      provider.once('exit', () => reject(new Error(`the mock server exited: ${out}`)));
    });
    collector = await startOtlpReceiver();
    langfuse = await startOtlpReceiver(); // stands in for Langfuse's OTLP endpoint
    run = await runDemo(['--short'], {
      OPENAI_BASE_URL: baseURL,
      OPENAI_API_KEY: 'sk-test-do-not-print-0123456789',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl,
      LANGFUSE_PUBLIC_KEY: 'pk-lf-demo-test',
      LANGFUSE_SECRET_KEY: 'sk-lf-do-not-print-0123456789',
      LANGFUSE_BASE_URL: langfuse.url,
    });
  }, 90_000);
  afterAll(async () => {
    provider?.kill('SIGTERM');
    await collector?.close();
    await langfuse?.close();
  });

  it('calls your provider instead of the embedded server, and never prints the key', () => {
    okOrFail(run);
    expect(run.stdout).toContain(`OPENAI_BASE_URL=${baseURL}\n`);
    expect(run.stdout).not.toContain('(the mock OpenAI-compatible server)');
    expect(run.stdout).toContain('OPENAI_API_KEY=(set)');
    expect(`${run.stdout}${run.stderr}`).not.toContain('sk-test-do-not-print');
    expect(`${run.stdout}${run.stderr}`).not.toContain('sk-lf-do-not-print');
    expect(run.stdout).toContain('LANGFUSE_SECRET_KEY=(set)');
    expect(run.stdout).toContain('MELLEA_TRACES_LANGFUSE=1');
    const port = Number(new URL(baseURL).port);
    for (const g of run.spans.filter(isGeneration)) expect(g.attributes['server.port']).toBe(port);
  });

  it('sends the run to your collector, and still writes the file', () => {
    expect(run.received).toBeUndefined();
    expect(run.stdout).toContain(`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${collector.tracesUrl}\n`);
    expect(
      collector
        .spans()
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(run.spans.map((s) => s.spanId).sort());
  });

  it('also sends the LLM spans to Langfuse, each carrying the session', () => {
    expect(new Set(langfuse.requests.map((r) => r.path))).toEqual(new Set(['/api/public/otel/v1/traces']));
    const sent = langfuse.spans();
    const llmSpans = run.spans.filter((s) => s.kind !== KIND_CLIENT || isGeneration(s));
    expect(sent.map((s) => s.name).sort()).toEqual(llmSpans.map((s) => s.name).sort());
    for (const span of sent) expect(span.attributes['langfuse.session.id']).toBe('demo-session-42');
  });
});

describe('the demo with --nodesdk (the app as an HTTP service under the user’s own NodeSDK)', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(['--short', '--nodesdk']);
  }, 90_000);

  it('exits 0 with every check passed', () => {
    okOrFail(run);
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('nests the workflow under the HTTP server span of the request', () => {
    const workflow = byName(run, 'invoke_workflow support-ticket');
    const server = parentOf(run, workflow)!;
    expect(server.kind).toBe(KIND_SERVER);
    expect(server.parentSpanId).toBeUndefined();
    expect(server.attributes['http.request.method']).toBe('POST');
    expect(new Set(run.spans.map((s) => s.traceId)).size).toBe(1);
  });

  it('puts each provider request (fetch) under its generation span, stamped with the session only', () => {
    const plan = byName(run, 'chat o4-mini');
    const [request] = childrenOf(run, plan);
    expect(request.kind).toBe(KIND_CLIENT);
    expect(request.attributes['server.port']).toBe(plan.attributes['server.port']);
    expect(request.attributes['session.id']).toBe('demo-session-42');
    expect(Object.keys(request.attributes).filter((k) => k.startsWith('gen_ai.'))).toEqual([]);
  });
});
