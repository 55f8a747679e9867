import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import fc from 'fast-check';
import { resetOtelGlobals } from '../../test/support/tracing-test-env';
import { getTraceContext, TRACE_CONTEXT_KEY, type TraceContext, withTraceContext } from './trace-context';

beforeEach(() => {
  resetOtelGlobals();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => {
  resetOtelGlobals();
});

it('is stored under the versioned global context key Symbol.for("mellea.trace-context.v1")', () => {
  expect(TRACE_CONTEXT_KEY).toBe(Symbol.for('mellea.trace-context.v1'));
  withTraceContext({ sessionId: 's-1' }, () => {
    expect(context.active().getValue(Symbol.for('mellea.trace-context.v1'))).toEqual({ sessionId: 's-1' });
  });
});

it('is undefined outside any withTraceContext', () => {
  expect(getTraceContext()).toBeUndefined();
  withTraceContext({ userId: 'u' }, () => undefined);
  expect(getTraceContext()).toBeUndefined();
});

it('returns what fn returns and stays active across awaits and timers', async () => {
  const result = await withTraceContext({ sessionId: 's-1', userId: 'u-1' }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const inTimer = await new Promise<TraceContext | undefined>((resolve) =>
      setTimeout(() => resolve(getTraceContext()), 1),
    );
    return [getTraceContext(), inTimer];
  });
  expect(result).toEqual([
    { sessionId: 's-1', userId: 'u-1' },
    { sessionId: 's-1', userId: 'u-1' },
  ]);
});

it('merges nested contexts: inner keys win, tags are the union, metadata is merged, outer is restored', () => {
  withTraceContext(
    {
      sessionId: 'outer-s',
      userId: 'outer-u',
      tags: ['a', 'b'],
      traceName: 'outer',
      metadata: { env: 'prod', v: '1' },
    },
    () => {
      withTraceContext(
        { userId: 'inner-u', tags: ['b', 'c'], metadata: { v: '2' }, conversationId: 'conv' },
        () => {
          expect(getTraceContext()).toEqual({
            sessionId: 'outer-s',
            userId: 'inner-u',
            conversationId: 'conv',
            tags: ['a', 'b', 'c'],
            traceName: 'outer',
            metadata: { env: 'prod', v: '2' },
          });
        },
      );
      expect(getTraceContext()?.userId).toBe('outer-u');
    },
  );
});

it('hands out a frozen context, so code in scope cannot change it for others', () => {
  withTraceContext({ tags: ['a'], metadata: { k: 'v' } }, () => {
    const ctx = getTraceContext()!;
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.tags)).toBe(true);
    expect(Object.isFrozen(ctx.metadata)).toBe(true);
  });
});

it('does not freeze or keep the caller’s own arrays and objects', () => {
  const tags = ['x'];
  const metadata = { k: 'v' };
  const seen = withTraceContext({ tags, metadata }, () => {
    tags.push('y');
    metadata.k = 'changed';
    return getTraceContext();
  });
  expect(tags).toEqual(['x', 'y']);
  expect(seen).toEqual({ tags: ['x'], metadata: { k: 'v' } });
});

it('ignores an active context when fn runs under the root context', () => {
  withTraceContext({ sessionId: 's' }, () => {
    context.with(ROOT_CONTEXT, () => expect(getTraceContext()).toBeUndefined());
  });
});

const short = fc.string({ maxLength: 20 });
const traceContextArb: fc.Arbitrary<TraceContext> = fc.record(
  {
    sessionId: short,
    userId: short,
    conversationId: short,
    traceName: short,
    tags: fc.array(short, { maxLength: 4 }),
    metadata: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/), short, { maxKeys: 4 }),
  },
  { requiredKeys: [] },
);

it('merges any two contexts as documented (property)', () => {
  fc.assert(
    fc.property(traceContextArb, traceContextArb, (outer, inner) => {
      const merged = withTraceContext(outer, () => withTraceContext(inner, () => getTraceContext()));
      for (const key of ['sessionId', 'userId', 'conversationId', 'traceName'] as const) {
        expect(merged?.[key]).toBe(inner[key] ?? outer[key]);
      }
      if (outer.tags || inner.tags) {
        expect(merged?.tags).toEqual([...new Set([...(outer.tags ?? []), ...(inner.tags ?? [])])]);
      } else {
        expect(merged?.tags).toBeUndefined();
      }
      if (outer.metadata || inner.metadata) {
        expect(merged?.metadata).toEqual({ ...outer.metadata, ...inner.metadata });
      } else {
        expect(merged?.metadata).toBeUndefined();
      }
    }),
  );
});
