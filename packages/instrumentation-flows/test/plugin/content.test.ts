import { type InputMessage, type MessagePart, type OutputMessage, runGeneration } from '@mellea/core-hooks';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin, type BackendTracingPluginOptions } from '../../src/index';
import { CHAT_REQUEST } from '../support/generations';
import { loadFixture } from '../support/load-fixture';
import { type Harness, type HarnessOptions, setupHarness } from '../support/otel-harness';
import { RecordingSampler } from '../support/recording-sampler';

const CONTENT_ENV = [
  'MELLEA_TRACES_CONTENT',
  'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
];
const CONTENT_ATTRIBUTES = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
];

const usage = { inputTokens: 12, outputTokens: 2 };
const chat = loadFixture<{
  messages: InputMessage[];
  systemInstructions: MessagePart[];
  toolDefinitions: unknown[];
  outputMessages: OutputMessage[];
}>('chat-content');
const secrets = loadFixture<Record<string, string>>('secrets');

function chatWithContent(h: Harness, overrides: Record<string, unknown> = {}) {
  return runGeneration(
    {
      ...CHAT_REQUEST,
      messages: chat.messages,
      systemInstructions: chat.systemInstructions,
      toolDefinitions: chat.toolDefinitions,
      ...overrides,
    } as never,
    async () => 'Paris.',
    () => ({ outputMessages: chat.outputMessages, usage }),
    { bus: h.bus },
  );
}

describe('BackendTracingPlugin content capture', () => {
  let h: Harness;
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const k of CONTENT_ENV) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
  });
  afterEach(async () => {
    for (const k of CONTENT_ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await h.teardown();
  });
  const setup = (plugin: BackendTracingPluginOptions = {}, more: HarnessOptions = {}) => {
    h = setupHarness({ ...more, plugin });
    return h;
  };

  it('records no content by default', async () => {
    setup();
    expect(h.plugin.wantsContent).toBe(false);
    expect(h.bus.wantsContent()).toBe(false);
    await chatWithContent(h);
    const keys = Object.keys(h.span().attributes);
    for (const name of CONTENT_ATTRIBUTES) expect(keys).not.toContain(name);
    expect(h.span().attributes['gen_ai.usage.input_tokens']).toBe(12);
  });

  it('records the semconv content attributes as JSON with captureContent: true', async () => {
    setup({ captureContent: true });
    expect(h.bus.wantsContent()).toBe(true);
    await chatWithContent(h);
    const a = h.span().attributes;
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual(chat.messages);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual(chat.outputMessages);
    expect(JSON.parse(a['gen_ai.system_instructions'] as string)).toEqual(chat.systemInstructions);
    expect(JSON.parse(a['gen_ai.tool.definitions'] as string)).toEqual(chat.toolDefinitions);
  });

  it.each([
    ['MELLEA_TRACES_CONTENT', 'true'],
    ['MELLEA_TRACES_CONTENT', '1'],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'true'],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'SPAN_ONLY'],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'SPAN_AND_EVENT'],
  ])('records content when %s=%s', async (name, value) => {
    process.env[name] = value;
    setup();
    await chatWithContent(h);
    expect(JSON.parse(h.span().attributes['gen_ai.input.messages'] as string)).toEqual(chat.messages);
  });

  it('lets captureContent: false override the environment', async () => {
    process.env.MELLEA_TRACES_CONTENT = 'true';
    setup({ captureContent: false });
    await chatWithContent(h);
    expect(h.span().attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('calls content thunks only when recording content', async () => {
    setup({ captureContent: true });
    const messages = jest.fn(() => chat.messages);
    const outputMessages = jest.fn(() => chat.outputMessages);
    await runGeneration(
      { ...CHAT_REQUEST, messages },
      async () => 'x',
      () => ({ outputMessages }),
      { bus: h.bus },
    );
    expect(messages).toHaveBeenCalledTimes(1);
    expect(outputMessages).toHaveBeenCalledTimes(1);
    expect(JSON.parse(h.span().attributes['gen_ai.output.messages'] as string)).toEqual(chat.outputMessages);
  });

  describe('never touches content when it is not recorded', () => {
    /** A message whose every property read is counted: the serializer would have to read it. */
    function watchedMessages() {
      let reads = 0;
      const message = new Proxy(
        { role: 'user', parts: [{ type: 'text', content: 'secret plan' }] },
        {
          get(target, key, receiver) {
            reads++;
            return Reflect.get(target, key, receiver);
          },
          ownKeys(target) {
            reads++;
            return Reflect.ownKeys(target);
          },
        },
      );
      return { messages: [message], reads: () => reads };
    }

    it.each([
      ['content off', { captureContent: false }, {}],
      [
        'an always-off sampler',
        { captureContent: true },
        { sampler: new RecordingSampler(SamplingDecision.NOT_RECORD) },
      ],
    ] as const)('with %s: no thunk, serializer or redactor call', async (_label, plugin, more) => {
      const redact = jest.fn((s: string) => s);
      setup({ ...plugin, redact }, more as HarnessOptions);
      const thunk = jest.fn(() => chat.messages);
      const outputThunk = jest.fn(() => chat.outputMessages);
      const watched = watchedMessages();
      await runGeneration(
        { ...CHAT_REQUEST, messages: thunk, systemInstructions: () => [] },
        async () => 'x',
        () => ({ outputMessages: outputThunk }),
        {
          bus: h.bus,
        },
      );
      await runGeneration(
        { ...CHAT_REQUEST, messages: watched.messages as never },
        async () => 'x',
        () => ({}),
        { bus: h.bus },
      );
      await runGeneration(
        { ...CHAT_REQUEST, operation: 'chat' },
        async () => {
          throw new Error('with sk-proj-abcdefghijklmnopqrstuv');
        },
        () => ({}),
        { bus: h.bus },
      ).catch(() => undefined);
      expect(thunk).not.toHaveBeenCalled();
      expect(outputThunk).not.toHaveBeenCalled();
      expect(watched.reads()).toBe(0);
      if (plugin.captureContent === true) expect(redact).not.toHaveBeenCalled();
      else expect(redact.mock.calls.every(([s]) => !s.includes('secret plan'))).toBe(true);
    });
  });

  it('keeps a 1 MB message valid JSON within the attribute cap, with usage still recorded', async () => {
    setup({ captureContent: true });
    const huge = 'x'.repeat(1024 * 1024);
    await chatWithContent(h, { messages: [{ role: 'user', parts: [{ type: 'text', content: huge }] }] });
    const a = h.span().attributes;
    const json = a['gen_ai.input.messages'] as string;
    expect(json.length).toBeLessThanOrEqual(4 * 8192);
    const parsed = JSON.parse(json);
    expect(parsed[0].role).toBe('user');
    expect(parsed[0].parts[0].content).toBe('x'.repeat(8192));
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
    expect(a['gen_ai.usage.output_tokens']).toBe(2);
  });

  it('cuts each text part at maxContentLength and the attribute at four times that', async () => {
    setup({ captureContent: true, maxContentLength: 100 });
    const parts = Array.from({ length: 20 }, (_, i) => ({ type: 'text', content: `${i}`.repeat(500) }));
    await chatWithContent(h, { messages: [{ role: 'user', parts }] });
    const json = h.span().attributes['gen_ai.input.messages'] as string;
    expect(json.length).toBeLessThanOrEqual(400);
    const parsed = JSON.parse(json);
    for (const part of parsed[0].parts) expect(part.content.length).toBeLessThanOrEqual(100);
  });

  it('stays valid JSON under a smaller OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', async () => {
    process.env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT = '1000';
    setup({ captureContent: true });
    const big = 'y'.repeat(1024 * 1024);
    await chatWithContent(h, {
      messages: [
        { role: 'system', parts: [{ type: 'text', content: big }] },
        { role: 'user', parts: [{ type: 'text', content: big }] },
      ],
    });
    const a = h.span().attributes;
    for (const name of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.definitions']) {
      const json = a[name] as string;
      expect(json.length).toBeLessThanOrEqual(1000);
      expect(() => JSON.parse(json)).not.toThrow();
    }
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toHaveLength(2);
    expect(a['gen_ai.usage.input_tokens']).toBe(12);
  });

  it('stays valid JSON under the span limits of the tracer provider', async () => {
    setup({ captureContent: true }, { spanLimits: { attributeValueLengthLimit: 300 } });
    await chatWithContent(h, {
      messages: [{ role: 'user', parts: [{ type: 'text', content: 'z'.repeat(5000) }] }],
    });
    const json = h.span().attributes['gen_ai.input.messages'] as string;
    expect(json.length).toBeLessThanOrEqual(300);
    expect(JSON.parse(json)[0].parts[0].content).toMatch(/^z+$/);
  });

  it('masks every listed secret shape with the default redactor', async () => {
    setup({ captureContent: true });
    const text = Object.values(secrets).join(' | ');
    await chatWithContent(h, { messages: [{ role: 'user', parts: [{ type: 'text', content: text }] }] });
    const json = h.span().attributes['gen_ai.input.messages'] as string;
    for (const [kind, secret] of Object.entries(secrets))
      expect([kind, json.includes(secret)]).toEqual([kind, false]);
    expect(json).toContain('sk-ant-[REDACTED]');
    expect(json).toContain('Bearer [REDACTED]');
  });

  it('keeps secrets with redact: false', async () => {
    setup({ captureContent: true, redact: false });
    await chatWithContent(h, {
      messages: [{ role: 'user', parts: [{ type: 'text', content: secrets.openai }] }],
    });
    expect(h.span().attributes['gen_ai.input.messages']).toContain(secrets.openai);
  });

  it('runs a custom redactor on every string before it is cut', async () => {
    setup({ captureContent: true, redact: (s) => s.replace(/Paris/g, '<city>') });
    await chatWithContent(h);
    expect(h.span().attributes['gen_ai.output.messages']).toContain('<city>');
    expect(h.span().attributes['gen_ai.output.messages']).not.toContain('Paris');
  });

  it('declares wantsContent to the bus from the option or the environment', () => {
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
    setup();
    expect(h.bus.wantsContent()).toBe(true);
    expect(new BackendTracingPlugin({ captureContent: false }).wantsContent).toBe(false);
  });
});
