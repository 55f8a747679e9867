import { propagation } from '@opentelemetry/api';
import fc from 'fast-check';
import { baggageTraceContextReader, mergeBaggageTraceContext } from './baggage-trace-context';

const read = baggageTraceContextReader({
  sessionId: ['session.id', 'langfuse_session_id'],
  userId: ['user.id', 'langfuse_user_id'],
  tags: 'tag.tags',
});
const baggage = (entries: Record<string, string>) =>
  propagation.createBaggage(Object.fromEntries(Object.entries(entries).map(([k, value]) => [k, { value }])));

describe('reading session, user and tags from baggage (untrusted input)', () => {
  test('the first key with a valid value wins: ours, else Langfuse’s; every other entry is ignored', () => {
    expect(
      read(
        baggage({
          langfuse_session_id: 'lf-sess',
          langfuse_user_id: 'lf-user',
          'user.id': 'ours',
          'gen_ai.input.messages': 'hi',
          'mellea.trace.name': 'n',
        }),
      ),
    ).toEqual({ sessionId: 'lf-sess', userId: 'ours' });
    expect(read(baggage({ 'session.id': 'x'.repeat(201), langfuse_session_id: 'lf' }))).toEqual({
      sessionId: 'lf',
    });
  });

  test('1..200 characters: empty and over 200 are dropped, 200 is kept', () => {
    expect(read(baggage({ 'session.id': '', 'user.id': 'u'.repeat(201) }))).toBeUndefined();
    expect(read(baggage({ 'session.id': 's'.repeat(200) }))?.sessionId).toHaveLength(200);
  });

  test('a value holding a C0 or C1 control character is dropped; other non-ASCII text is kept', () => {
    for (const c of ['\n', '\t', '\u0000', '\u001f', '\u007f', '\u0085', '\u009f']) {
      expect(read(baggage({ 'user.id': `evil${c}user` }))).toBeUndefined();
    }
    expect(read(baggage({ 'user.id': 'Zoë ✓ 用户' }))).toEqual({ userId: 'Zoë ✓ 用户' });
  });

  test('tags: a JSON array of strings; invalid items dropped, duplicates removed, order kept', () => {
    const tags = (raw: string) => read(baggage({ 'tag.tags': raw }))?.tags;
    expect(tags(JSON.stringify(['ok', 7, 'x'.repeat(201), 'b', 'ok', null, 'bad\n']))).toEqual(['ok', 'b']);
    expect(tags('"not-a-list"')).toBeUndefined();
    expect(tags('{"a":1}')).toBeUndefined();
    expect(tags('[not json')).toBeUndefined();
    expect(tags('[]')).toBeUndefined();
    expect(tags('[1, ""]')).toBeUndefined();
  });

  test('parsed once per Baggage object, the result frozen (it is shared by many spans)', () => {
    const b = baggage({ 'session.id': 's', 'tag.tags': '["a"]' });
    const first = read(b);
    expect(read(b)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.tags)).toBe(true);
    expect(read(baggage({ 'session.id': 's', 'tag.tags': '["a"]' }))).not.toBe(first);
    const none = baggage({ other: 'x' });
    expect(read(none)).toBeUndefined();
    expect(read(none)).toBeUndefined();
  });

  test('property: a value is kept exactly when it has 1..200 characters and no control character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 220, unit: 'binary' }), (value) => {
        const valid = value.length >= 1 && value.length <= 200 && !/\p{Cc}/u.test(value);
        expect(read(baggage({ 'session.id': value }))?.sessionId).toBe(valid ? value : undefined);
      }),
    );
  });
});

describe('merging: a local value always wins, key by key', () => {
  const remote = Object.freeze({ sessionId: 'sess-b', userId: 'user-b', tags: ['web'] });

  test('baggage fills only the keys the local context has no value for; other local keys are kept', () => {
    const local = { userId: 'local', traceName: 'n', metadata: { k: 'v' } };
    expect(mergeBaggageTraceContext(local, remote)).toEqual({
      sessionId: 'sess-b',
      userId: 'local',
      tags: ['web'],
      traceName: 'n',
      metadata: { k: 'v' },
    });
    expect(local).toEqual({ userId: 'local', traceName: 'n', metadata: { k: 'v' } });
  });

  test('a local key present but undefined takes the baggage value', () => {
    const merged = mergeBaggageTraceContext(
      { sessionId: undefined, tags: undefined, userId: 'local' },
      remote,
    );
    expect(merged).toEqual({ sessionId: 'sess-b', userId: 'local', tags: ['web'] });
    expect(Object.isFrozen(merged)).toBe(true);
  });

  test('an empty local tag list takes the baggage tags, as the Langfuse processor reads it', () => {
    expect(mergeBaggageTraceContext({ tags: [], userId: 'local' }, remote)).toEqual({
      sessionId: 'sess-b',
      userId: 'local',
      tags: ['web'],
    });
  });

  test('one side missing: the other as it is', () => {
    const local = { sessionId: 'l' };
    expect(mergeBaggageTraceContext(local, undefined)).toBe(local);
    expect(mergeBaggageTraceContext(undefined, remote)).toBe(remote);
    expect(mergeBaggageTraceContext(undefined, undefined)).toBeUndefined();
  });
});
