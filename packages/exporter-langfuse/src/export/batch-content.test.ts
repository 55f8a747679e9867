import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import { foldBatchContent } from './batch-content';

const DETAILS = 'gen_ai.client.inference.operation.details';
const prompt = (text: string) => [{ role: 'user', parts: [{ type: 'text', content: text }] }];
const answer = (text: string) => [
  { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' },
];

function itemEvent(index: number, input?: unknown, output?: unknown): TimedEvent {
  const attributes: Record<string, unknown> = { 'mellea.request.action_index': index };
  if (input !== undefined) attributes['gen_ai.input.messages'] = JSON.stringify(input);
  if (output !== undefined) attributes['gen_ai.output.messages'] = JSON.stringify(output);
  attributes['gen_ai.response.finish_reasons'] = ['stop'];
  return { name: DETAILS, time: [1, index], droppedAttributesCount: 0, attributes } as TimedEvent;
}

describe('foldBatchContent', () => {
  it('folds every prompt and answer, ordered by action index, and leaves the messages out of the events', () => {
    const events = [
      itemEvent(2, prompt('c'), answer('C')),
      itemEvent(0, prompt('a'), answer('A')),
      itemEvent(1, prompt('b'), answer('B')),
    ];
    const before = JSON.stringify(events);
    const folded = foldBatchContent({ 'mellea.request.num_actions': 3 }, events);
    expect(JSON.parse(folded?.input as string)).toEqual([prompt('a'), prompt('b'), prompt('c')]);
    expect(JSON.parse(folded?.output as string)).toEqual([answer('A'), answer('B'), answer('C')]);
    expect(folded?.events.map((e) => e.attributes)).toEqual([
      { 'mellea.request.action_index': 2, 'gen_ai.response.finish_reasons': ['stop'] },
      { 'mellea.request.action_index': 0, 'gen_ai.response.finish_reasons': ['stop'] },
      { 'mellea.request.action_index': 1, 'gen_ai.response.finish_reasons': ['stop'] },
    ]);
    expect(JSON.stringify(events)).toBe(before); // the span's own events are untouched
  });

  it('keeps positions with null for an item without output (a failed batch has prompts only)', () => {
    const folded = foldBatchContent({ 'mellea.request.num_actions': 2 }, [
      itemEvent(0, prompt('a')),
      itemEvent(1, prompt('b'), answer('B')),
    ]);
    expect(JSON.parse(folded?.output as string)).toEqual([null, answer('B')]);
    expect(foldBatchContent({ 'mellea.request.num_actions': 1 }, [itemEvent(0, prompt('a'))])?.output).toBe(
      undefined,
    );
  });

  it('keeps other events as they are, and leaves non-batch spans alone', () => {
    const other = { name: 'exception', time: [1, 0], attributes: { 'exception.message': 'x' } } as TimedEvent;
    const folded = foldBatchContent({ 'mellea.request.num_actions': 1 }, [other, itemEvent(0, prompt('a'))]);
    expect(folded?.events[0]).toBe(other);
    // One operation-details event of another instrumentation: Langfuse reads it itself.
    expect(foldBatchContent({}, [itemEvent(0, prompt('a'), answer('A'))])).toBeUndefined();
    expect(foldBatchContent({ 'mellea.request.num_actions': 2 }, [other])).toBeUndefined();
    expect(foldBatchContent({}, undefined)).toBeUndefined();
  });

  it('folds two or more operation-details events without the batch marker, in event order', () => {
    const events = [itemEvent(Number.NaN, prompt('x'), answer('X')), itemEvent(Number.NaN, prompt('y'))];
    const folded = foldBatchContent({}, events);
    expect(JSON.parse(folded?.input as string)).toEqual([prompt('x'), prompt('y')]);
  });
});
