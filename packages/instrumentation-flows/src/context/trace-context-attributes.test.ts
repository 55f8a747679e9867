import { addTraceContextAttributes } from './trace-context-attributes';

const ctx = {
  sessionId: 's',
  userId: 'u',
  conversationId: 'c',
  tags: ['t1', 't2'],
  traceName: 'n',
  metadata: { k: 'v' },
};

it('writes session, user and tags only for the neutral set', () => {
  expect(addTraceContextAttributes(ctx, 'neutral')).toEqual({
    'session.id': 's',
    'user.id': 'u',
    'tag.tags': ['t1', 't2'],
  });
});

it('adds the trace name and metadata for the flow set, without gen_ai.conversation.id', () => {
  expect(addTraceContextAttributes(ctx, 'flow')).toEqual({
    'session.id': 's',
    'user.id': 'u',
    'tag.tags': ['t1', 't2'],
    'mellea.trace.name': 'n',
    'mellea.trace.metadata.k': 'v',
  });
});

it('adds gen_ai.conversation.id for the genai set: the conversationId, else the sessionId', () => {
  expect(addTraceContextAttributes(ctx, 'genai')['gen_ai.conversation.id']).toBe('c');
  expect(addTraceContextAttributes({ sessionId: 's' }, 'genai')).toEqual({
    'session.id': 's',
    'gen_ai.conversation.id': 's',
  });
  expect(addTraceContextAttributes({ userId: 'u' }, 'genai')).toEqual({ 'user.id': 'u' });
});

it('writes into the given object, copies the tags, and leaves out empty tags', () => {
  const into = { existing: 1 };
  const out = addTraceContextAttributes({ tags: ['a'] }, 'neutral', into);
  expect(out).toBe(into);
  expect(out).toEqual({ existing: 1, 'tag.tags': ['a'] });
  expect(out['tag.tags']).not.toBe(ctx.tags);
  expect(addTraceContextAttributes({ tags: [] }, 'flow')).toEqual({});
  expect(addTraceContextAttributes(undefined, 'genai')).toEqual({});
});
