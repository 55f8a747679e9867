import { moveContentAttributes } from './move-content-attributes';

const messages = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
const system = JSON.stringify([{ type: 'text', content: 'be brief' }]);
const output = JSON.stringify([
  { role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' },
]);

describe('moveContentAttributes', () => {
  it('moves input and output messages, prepending the system instructions as a system message', () => {
    const attrs: Record<string, unknown> = {
      'gen_ai.input.messages': messages,
      'gen_ai.system_instructions': system,
      'gen_ai.output.messages': output,
      'gen_ai.request.model': 'm',
    };
    moveContentAttributes(attrs);
    expect(attrs).toEqual({
      'gen_ai.request.model': 'm',
      'langfuse.observation.input': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'be brief' }] },
        { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
      ]),
      'langfuse.observation.output': output,
    });
  });

  it('moves the input messages unchanged when there are no system instructions', () => {
    const attrs: Record<string, unknown> = { 'gen_ai.input.messages': messages };
    moveContentAttributes(attrs);
    expect(attrs).toEqual({ 'langfuse.observation.input': messages });
  });

  it('moves workflow and step input and output', () => {
    const attrs: Record<string, unknown> = {
      'mellea.step.name': 'lookup',
      'mellea.flow.input': '{"q":"why"}',
      'mellea.flow.output': '"because"',
    };
    moveContentAttributes(attrs);
    expect(attrs).toEqual({
      'mellea.step.name': 'lookup',
      'langfuse.observation.input': '{"q":"why"}',
      'langfuse.observation.output': '"because"',
    });
  });

  it('moves tool call arguments and result', () => {
    const attrs: Record<string, unknown> = {
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.tool.call.result': '{"temp":21}',
    };
    moveContentAttributes(attrs);
    expect(attrs).toEqual({
      'langfuse.observation.input': '{"city":"Paris"}',
      'langfuse.observation.output': '{"temp":21}',
    });
  });

  it('keeps explicit Langfuse input/output and the semconv attributes they would have replaced', () => {
    const attrs: Record<string, unknown> = {
      'langfuse.observation.input': 'mine',
      'langfuse.observation.output': 'mine too',
      'gen_ai.input.messages': messages,
      'gen_ai.output.messages': output,
    };
    moveContentAttributes(attrs);
    expect(attrs['langfuse.observation.input']).toBe('mine');
    expect(attrs['langfuse.observation.output']).toBe('mine too');
    expect(attrs['gen_ai.input.messages']).toBe(messages);
  });

  it('moves non-JSON messages as they are and leaves unparsable instructions in place', () => {
    const attrs: Record<string, unknown> = {
      'gen_ai.input.messages': 'plain text prompt',
      'gen_ai.system_instructions': 'plain instructions',
    };
    moveContentAttributes(attrs);
    expect(attrs).toEqual({
      'langfuse.observation.input': 'plain text prompt',
      'gen_ai.system_instructions': 'plain instructions',
    });
  });

  it('turns system instructions alone into a one-message input', () => {
    const attrs: Record<string, unknown> = { 'gen_ai.system_instructions': system };
    moveContentAttributes(attrs);
    expect(JSON.parse(attrs['langfuse.observation.input'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'be brief' }] },
    ]);
    expect(attrs['gen_ai.system_instructions']).toBeUndefined();
  });
});
