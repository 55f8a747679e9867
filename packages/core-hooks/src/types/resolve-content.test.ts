import type { DeepReadonly } from './deep-readonly';
import type { InputMessage } from './messages';
import type { PayloadOf } from './plugin';
import { resolveContent } from './resolve-content';

const messages: InputMessage[] = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];

describe('resolveContent', () => {
  test('returns a value given directly, itself', () => {
    expect(resolveContent(messages)).toBe(messages);
  });

  test('calls a thunk and returns its value', () => {
    let calls = 0;
    const thunk = () => {
      calls++;
      return messages;
    };
    expect(resolveContent(thunk)).toBe(messages);
    expect(calls).toBe(1);
  });

  test('a throwing thunk gives undefined instead of throwing into the plugin', () => {
    expect(
      resolveContent(() => {
        throw new Error('cannot build');
      }),
    ).toBeUndefined();
  });

  test('undefined stays undefined', () => {
    expect(resolveContent(undefined)).toBeUndefined();
  });

  test('on a read-only payload field it yields the messages type a plugin can read', () => {
    const payload: PayloadOf<'generation_pre_call'> = {
      generationId: 'g',
      operation: 'chat',
      messages: () => messages,
    };
    const resolved = resolveContent(payload.messages);
    const typed: readonly DeepReadonly<InputMessage>[] | undefined = resolved;
    expect(typed?.[0].role).toBe('user');
  });
});
