import { newGenerationId, type OutputMessage } from '@mellea/core-hooks';
import { CHAT_REQUEST, succeedWith } from '../support/generations';
import { type Harness, setupHarness } from '../support/otel-harness';

const answer = (text: string): OutputMessage => ({
  role: 'assistant',
  parts: [{ type: 'text', content: text }],
});

const outputOf = (h: Harness) => JSON.parse(h.span().attributes['gen_ai.output.messages'] as string);

describe('BackendTracingPlugin output messages (semconv schema: role, parts, finish_reason)', () => {
  let h: Harness;
  beforeEach(() => {
    h = setupHarness({ plugin: { captureContent: true } });
  });
  afterEach(() => h.teardown());

  it("gives each output message without a finish_reason the response's reason at its position", async () => {
    const outputMessages = [answer('one'), answer('two'), { ...answer('three'), finish_reason: 'tool_call' }];
    await succeedWith(h.bus, { finishReasons: ['stop', 'length', 'stop'], outputMessages });
    expect(outputOf(h)).toEqual([
      { ...answer('one'), finish_reason: 'stop' },
      { ...answer('two'), finish_reason: 'length' },
      { ...answer('three'), finish_reason: 'tool_call' },
    ]);
    // the framework's own objects are left as they were
    expect(outputMessages[0]).not.toHaveProperty('finish_reason');
  });

  it('leaves finish_reason out when the response gives none', async () => {
    await succeedWith(h.bus, { outputMessages: [answer('one')] });
    expect(outputOf(h)).toEqual([answer('one')]);
  });

  it.each([
    ['failed', false],
    ['cancelled', true],
  ])('gives the partial output of a %s generation the finish_reason error', (_label, cancelled) => {
    const generationId = newGenerationId();
    h.bus.emit('generation_pre_call', { ...CHAT_REQUEST, generationId });
    h.bus.emit('generation_error', {
      generationId,
      error: new Error('stream broke'),
      cancelled,
      source: 'call',
      latencyMs: 5,
      response: { outputMessages: [answer('Par')] },
    });
    expect(outputOf(h)).toEqual([{ ...answer('Par'), finish_reason: 'error' }]);
  });
});
