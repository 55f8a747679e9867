import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import type { SeenSpan } from './child/seam-protocol';
import { runSeam, type SeamRun } from './support/seam';
import { API_KEY, BATCH_ANSWERS, BATCH_PROMPTS, TRACE_CONTEXT } from './support/support-workflow';

// The real plugin, withTraceContext and flows, through the real LangfuseSpanProcessor, over real
// OTLP/HTTP to a loopback receiver: what Langfuse gets is asserted as received.

let seam: SeamRun;
let received: DecodedSpan[];
let others: SeenSpan[];
let answer: string;

const SPAN_NAMES = [
  'invoke_workflow support',
  'invoke_agent triage',
  'chat gpt-4o-mini',
  'execute_tool lookup_invoice',
  'draft',
  'chat gpt-4o', // streamed
  'text_completion gpt-4o-mini', // the batch
];

beforeAll(async () => {
  seam = await runSeam({ processor: 'mellea' });
  answer = seam.result.answer;
  others = seam.result.spans;
  received = seam.langfuse.spans();
});
afterAll(async () => {
  await seam?.langfuse.close();
});

function one(name: string): DecodedSpan {
  const found = received.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", got ${found.length}`);
  return found[0];
}

const chats = (): DecodedSpan[] => received.filter((s) => s.name === 'chat gpt-4o');
const streamed = (): DecodedSpan => chats().find((s) => s.attributes['error.type'] === undefined)!;
const cancelled = (): DecodedSpan => chats().find((s) => s.attributes['error.type'] === 'cancelled')!;
const json = (value: unknown): unknown => JSON.parse(value as string);

it('runs the workflow unchanged and sends every span it made to Langfuse', () => {
  expect(answer).toBe('resolved as billing');
  expect(seam.result.warnings).toEqual([]);
  expect(received.map((s) => s.name).sort()).toEqual(others.map((s) => s.name).sort());
  for (const name of SPAN_NAMES) expect(received.some((s) => s.name === name)).toBe(true);
  expect(chats()).toHaveLength(2);
  expect(seam.langfuse.requests.every((r) => r.path === '/api/public/otel/v1/traces')).toBe(true);
});

it('carries session, user, tags, trace name and metadata on every span', () => {
  for (const span of received) {
    expect(span.attributes).toMatchObject({
      'langfuse.session.id': TRACE_CONTEXT.sessionId,
      'langfuse.user.id': TRACE_CONTEXT.userId,
      'langfuse.trace.tags': TRACE_CONTEXT.tags,
      'langfuse.trace.name': TRACE_CONTEXT.traceName,
      'langfuse.trace.metadata.tier': 'gold',
      'langfuse.trace.metadata.region': 'eu',
    });
  }
});

it('gives each span its observation type', () => {
  const types = Object.fromEntries(received.map((s) => [s.name, s.attributes['langfuse.observation.type']]));
  expect(types).toEqual({
    'invoke_workflow support': 'span',
    'invoke_agent triage': 'agent',
    'chat gpt-4o-mini': 'generation',
    'execute_tool lookup_invoice': 'tool',
    draft: 'span',
    'chat gpt-4o': 'generation',
    'text_completion gpt-4o-mini': 'generation',
  });
});

it('marks the cancelled generation WARNING, and no other span', () => {
  expect(cancelled().attributes['langfuse.observation.level']).toBe('WARNING');
  const others = received.filter((s) => s !== cancelled());
  for (const span of others) expect(span.attributes['langfuse.observation.level']).toBeUndefined();
});

it('sets the completion start time of the streamed generation from its time to first chunk', () => {
  const span = streamed();
  const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
  expect(ttfc).toBeGreaterThan(0);
  const startMs = Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000;
  const at = Date.parse(span.attributes['langfuse.observation.completion_start_time'] as string);
  expect(Math.abs(at - (startMs + ttfc * 1000))).toBeLessThanOrEqual(1);
  expect(one('chat gpt-4o-mini').attributes['langfuse.observation.completion_start_time']).toBeUndefined();
});

it('links the prompt name and version on the prompt-linked generation only', () => {
  expect(one('chat gpt-4o-mini').attributes).toMatchObject({
    'langfuse.observation.prompt.name': 'triage',
    'langfuse.observation.prompt.version': 3,
  });
  const rest = received.filter((s) => s.name !== 'chat gpt-4o-mini');
  for (const span of rest) expect(span.attributes['langfuse.observation.prompt.name']).toBeUndefined();
});

it('moves captured content to the observation input/output, not copies it', () => {
  const contentKeys = [
    'gen_ai.input.messages',
    'gen_ai.output.messages',
    'gen_ai.system_instructions',
    'gen_ai.tool.call.arguments',
    'gen_ai.tool.call.result',
    'mellea.flow.input',
    'mellea.flow.output',
  ];
  for (const span of received) {
    for (const key of contentKeys)
      expect([span.name, key, span.attributes[key]]).toEqual([span.name, key, undefined]);
    for (const event of span.events) {
      expect(event.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(event.attributes['gen_ai.output.messages']).toBeUndefined();
    }
  }
  // Every span with content has it as its observation input and output, as valid JSON.
  for (const name of SPAN_NAMES.filter((n) => n !== 'chat gpt-4o')) {
    const attrs = one(name).attributes;
    expect([name, typeof json(attrs['langfuse.observation.input'])]).not.toEqual([name, 'undefined']);
    expect([name, typeof json(attrs['langfuse.observation.output'])]).not.toEqual([name, 'undefined']);
  }
  const chat = one('chat gpt-4o-mini').attributes;
  expect(json(chat['langfuse.observation.input'])).toEqual([
    { role: 'system', parts: [{ type: 'text', content: 'You triage support tickets.' }] },
    { role: 'user', parts: [{ type: 'text', content: 'Classify: charged twice (key sk-[REDACTED])' }] },
  ]);
  // The other exporter still sees the semconv attributes.
  const otherChat = others.find((s) => s.name === 'chat gpt-4o-mini')!;
  expect(otherChat.attributes['gen_ai.input.messages']).toBeDefined();
  expect(otherChat.attributes['langfuse.observation.input']).toBeUndefined();
});

it("shows the workflow's input and output as the root observation's (the trace's input and output)", () => {
  const root = one('invoke_workflow support');
  expect(root.parentSpanId).toBeUndefined();
  expect(root.attributes['langfuse.internal.is_app_root']).toBe(true);
  expect(json(root.attributes['langfuse.observation.input'])).toEqual({
    ticket: 'T-1',
    text: 'charged twice',
    apiKey: 'sk-[REDACTED]',
  });
  expect(json(root.attributes['langfuse.observation.output'])).toBe('resolved as billing');
  expect(json(one('draft').attributes['langfuse.observation.input'])).toEqual({ category: 'billing' });
  expect(json(one('invoke_agent triage').attributes['langfuse.observation.output'])).toEqual([
    { role: 'assistant', parts: [{ type: 'text', content: 'billing' }], finish_reason: 'stop' },
  ]);
});

it('gives the batch every prompt and every answer in order, while other exporters keep the per-item events', () => {
  const batch = one('text_completion gpt-4o-mini');
  const inputs = json(batch.attributes['langfuse.observation.input']) as { parts: { content: string }[] }[][];
  const outputs = json(batch.attributes['langfuse.observation.output']) as {
    parts: { content: string }[];
  }[][];
  expect(inputs.map((messages) => messages[0].parts[0].content)).toEqual(BATCH_PROMPTS);
  expect(outputs.map((messages) => messages[0].parts[0].content)).toEqual(BATCH_ANSWERS);
  const otherBatch = others.find((s) => s.name === 'text_completion gpt-4o-mini')!;
  const details = otherBatch.events.filter((e) => e.name === 'gen_ai.client.inference.operation.details');
  expect(details).toHaveLength(3);
  expect(details.map((e) => json(e.attributes['gen_ai.input.messages']))).toEqual(
    inputs.map((messages) => messages),
  );
  expect(otherBatch.attributes['langfuse.observation.input']).toBeUndefined();
});

it('carries usage on generations only', () => {
  for (const span of received) {
    const usage = Object.keys(span.attributes).filter((k) => k.startsWith('gen_ai.usage.'));
    const generation = span.attributes['langfuse.observation.type'] === 'generation';
    if (!generation) expect([span.name, usage]).toEqual([span.name, []]);
  }
  expect(one('chat gpt-4o-mini').attributes['gen_ai.usage.input_tokens']).toBe(31);
  expect(one('text_completion gpt-4o-mini').attributes['gen_ai.usage.output_tokens']).toBe(9);
});

it('never sends the API key: masked in tool arguments and results and in flow input and output', () => {
  for (const request of seam.langfuse.requests) expect(request.body.toString('utf8')).not.toContain(API_KEY);
  const tool = one('execute_tool lookup_invoice').attributes;
  expect(json(tool['langfuse.observation.input'])).toEqual({ customer: 'c-1', apiKey: 'sk-[REDACTED]' });
  expect(json(tool['langfuse.observation.output'])).toEqual({ invoice: 'INV-1', echoedKey: 'sk-[REDACTED]' });
});
