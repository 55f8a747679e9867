// Also a type-level test (`pnpm typecheck` compiles it): a framework passes `prompts` to
// runGenerationBatch in a request literal, without a cast, as the batch pre-call payload has them.

import { recordingPlugin } from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import type { InputMessage } from '../types/messages';
import { runGenerationBatch } from './run-generation-batch';

const prompts: InputMessage[][] = [
  [{ role: 'user', parts: [{ type: 'text', content: 'one' }] }],
  [{ role: 'user', parts: [{ type: 'text', content: 'two' }] }],
];

describe('runGenerationBatch request type', () => {
  test('a request literal carries prompts (or a thunk of them) to generation_batch_pre_call', async () => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    const toResponses = (texts: string[]) => ({ responses: texts.map((id) => ({ id })) });
    await runGenerationBatch(
      { operation: 'text_completion', model: 'granite', size: 2, prompts },
      async () => ['a', 'b'],
      toResponses,
      { bus },
    );
    const thunk = () => prompts;
    await runGenerationBatch(
      { operation: 'text_completion', size: 2, prompts: thunk },
      async () => ['a', 'b'],
      toResponses,
      { bus },
    );
    const pre = rec.ofType('generation_batch_pre_call');
    expect(pre.map((p) => p.prompts)).toEqual([prompts, thunk]);
    expect(pre.map((p) => p.size)).toEqual([2, 2]);
  });

  test('prompts of the wrong shape and a missing size do not compile', () => {
    const call = async () => 'x';
    const toResponses = () => ({ responses: [] });
    const typeOnly = () => {
      // @ts-expect-error prompts is one list of messages per item
      runGenerationBatch({ operation: 'text_completion', size: 1, prompts: ['one'] }, call, toResponses);
      // @ts-expect-error size is required
      runGenerationBatch({ operation: 'text_completion', prompts }, call, toResponses);
    };
    expect(typeof typeOnly).toBe('function');
  });
});
