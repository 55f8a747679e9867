import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import { type DemoRun, runDemo } from './run-demo';

const SPAN_STATUS_ERROR = 2;
const KIND_INTERNAL = 1;
const KIND_SERVER = 2;
const KIND_CLIENT = 3;

const byName = (run: DemoRun, name: string): DecodedSpan => {
  const span = run.spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span "${name}"; got: ${run.spans.map((s) => s.name).join(', ')}`);
  return span;
};
const parentOf = (run: DemoRun, span: DecodedSpan) => run.spans.find((s) => s.spanId === span.parentSpanId);

describe('the demo (pnpm demo), end to end', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo();
  }, 60_000);

  it('exits 0 and reports every check passed', () => {
    if (run.code !== 0) throw new Error(`demo exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    expect(run.stdout).toContain('Demo OK.');
    expect(run.checks.length).toBeGreaterThan(0);
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('delivers the whole run to the OTLP receiver as one trace of the expected spans', () => {
    expect(new Set(run.spans.map((s) => s.traceId)).size).toBe(1);
    expect(run.spans.map((s) => s.name).sort()).toEqual(
      [
        'chat fail-model',
        'chat gpt-4o-mini',
        'chat o4-mini',
        'embeddings text-embedding-3-small',
        'escalate',
        'execute_tool lookup_order',
        'invoke_agent support-agent',
        'invoke_workflow support-ticket',
        'reply',
        'resolve',
        'text_completion gpt-3.5-turbo-instruct',
        'triage',
        'understand',
      ].sort(),
    );
    for (const span of run.spans) expect(span.resource['service.name']).toBe('mellea-demo');
  });

  it('nests generation → agent → step → workflow, and the tool under the agent', () => {
    const chat = byName(run, 'chat o4-mini');
    const agent = parentOf(run, chat)!;
    const step = parentOf(run, agent)!;
    const workflow = parentOf(run, step)!;
    expect([agent.name, step.name, workflow.name]).toEqual([
      'invoke_agent support-agent',
      'resolve',
      'invoke_workflow support-ticket',
    ]);
    expect(workflow.parentSpanId).toBeUndefined();
    expect(parentOf(run, byName(run, 'execute_tool lookup_order'))).toBe(agent);
    expect(parentOf(run, byName(run, 'chat gpt-4o-mini'))!.name).toBe('reply');
    expect(parentOf(run, byName(run, 'text_completion gpt-3.5-turbo-instruct'))!.name).toBe('triage');
    expect(parentOf(run, byName(run, 'embeddings text-embedding-3-small'))!.name).toBe('understand');
    expect(chat.kind).toBe(KIND_CLIENT);
    expect(agent.kind).toBe(KIND_INTERNAL);
  });

  it('puts the session, user and tags of withTraceContext on every span', () => {
    for (const span of run.spans) {
      expect([span.name, span.attributes['session.id'], span.attributes['user.id']]).toEqual([
        span.name,
        'demo-session-42',
        'user-ada',
      ]);
      expect(span.attributes['tag.tags']).toEqual(['demo', 'support']);
    }
    expect(byName(run, 'chat o4-mini').attributes['gen_ai.conversation.id']).toBe('demo-session-42');
  });

  it('records the GenAI attributes of the mock provider replies', () => {
    const chat = byName(run, 'chat o4-mini').attributes;
    expect(chat).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'o4-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.model': 'o4-mini',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.reasoning.output_tokens': 24,
      'server.address': '127.0.0.1',
    });
    expect(chat['gen_ai.response.id']).toMatch(/^chatcmpl-mock/);
    expect(chat['gen_ai.usage.cache_read.input_tokens']).toBeGreaterThan(0);
    expect(chat['gen_ai.usage.output_tokens']).toBeGreaterThan(24);

    const stream = byName(run, 'chat gpt-4o-mini').attributes;
    expect(stream['gen_ai.request.stream']).toBe(true);
    expect(stream['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(stream['gen_ai.usage.input_tokens']).toBeGreaterThan(0);

    const batch = byName(run, 'text_completion gpt-3.5-turbo-instruct').attributes;
    expect(batch['mellea.request.num_actions']).toBe(2);
    expect(batch['gen_ai.response.finish_reasons']).toHaveLength(2);

    expect(byName(run, 'execute_tool lookup_order').attributes['gen_ai.tool.call.id']).toBe('call_001');
  });

  it('marks the failing generation ERROR and nothing else, since the app caught it', () => {
    const failed = byName(run, 'chat fail-model');
    expect(failed.status.code).toBe(SPAN_STATUS_ERROR);
    expect(failed.attributes['error.type']).toBe('InternalServerError');
    expect(failed.events.some((e) => e.name === 'exception')).toBe(true);
    expect(run.spans.filter((s) => s.status.code === SPAN_STATUS_ERROR).map((s) => s.name)).toEqual([
      'chat fail-model',
    ]);
  });

  it('records the graph edges on the workflow span', () => {
    const edges = byName(run, 'invoke_workflow support-ticket')
      .events.filter((e) => e.name === 'edge_traversal')
      .map((e) => `${e.attributes['mellea.edge.from']}->${e.attributes['mellea.edge.to']}`);
    expect(edges).toEqual(['understand->triage', 'triage->resolve', 'resolve->reply', 'reply->escalate']);
  });

  it('records no message content by default', () => {
    for (const span of run.spans) {
      expect(Object.keys(span.attributes).filter((k) => k.endsWith('.messages'))).toEqual([]);
    }
  });

  it('prints the app output, the console trace tree and the receiver summary', () => {
    expect(run.stdout).toContain('app │ agent: I have opened refund request R-1042');
    // ConsoleTreeExporter writes to the app's stderr, which run-demo passes through.
    for (const name of ['invoke_workflow support-ticket', 'invoke_agent support-agent', 'chat o4-mini']) {
      expect(run.stderr).toContain(name);
    }
    expect(run.stdout).toMatch(/The OTLP receiver at http:\/\/127\.0\.0\.1:\d+\/v1\/traces decoded 13 spans/);
  });
});

describe('the demo with --content', () => {
  it('records the prompts and completions as semconv messages', async () => {
    const run = await runDemo(['--content']);
    expect(run.code).toBe(0);
    const chat = byName(run, 'chat o4-mini').attributes;
    const input = JSON.parse(String(chat['gen_ai.input.messages']));
    expect(input[1]).toMatchObject({ role: 'user', parts: [{ type: 'text' }] });
    expect(input[1].parts[0].content).toContain('charged twice');
    const output = JSON.parse(String(chat['gen_ai.output.messages']));
    expect(output[0].parts[0].content).toContain('R-1042');
  }, 60_000);
});

describe('the demo with --nodesdk (the app as an HTTP service under the user’s own NodeSDK)', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo(['--nodesdk']);
  }, 60_000);

  it('exits 0 with every check passed', () => {
    if (run.code !== 0) throw new Error(`demo exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
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
    const chat = byName(run, 'chat o4-mini');
    const [request] = run.spans.filter((s) => s.parentSpanId === chat.spanId);
    expect(request.kind).toBe(KIND_CLIENT);
    expect(request.attributes['server.port']).toBe(chat.attributes['server.port']);
    expect(request.attributes['session.id']).toBe('demo-session-42');
    expect(Object.keys(request.attributes).filter((k) => k.startsWith('gen_ai.'))).toEqual([]);
  });
});
