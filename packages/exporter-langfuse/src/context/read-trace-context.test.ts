import { ROOT_CONTEXT } from '@opentelemetry/api';
import { readTraceContext, TRACE_CONTEXT_KEY } from './read-trace-context';

describe('readTraceContext', () => {
  it('uses the shared key Symbol.for("mellea.trace-context.v1")', () => {
    expect(TRACE_CONTEXT_KEY).toBe(Symbol.for('mellea.trace-context.v1'));
  });

  it('reads every field of a well-formed value', () => {
    const value = {
      sessionId: 's1',
      userId: 'u1',
      conversationId: 'c1',
      tags: ['a', 'b'],
      traceName: 'checkout',
      metadata: { tenant: 'acme' },
    };
    expect(readTraceContext(ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, value))).toEqual(value);
  });

  it('drops fields of the wrong type instead of trusting them', () => {
    const value = { sessionId: 42, userId: 'u', tags: ['a', 3, null], metadata: { ok: 'v', bad: { x: 1 } } };
    expect(readTraceContext(ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, value))).toEqual({
      userId: 'u',
      tags: ['a'],
      metadata: { ok: 'v' },
    });
  });

  it('gives undefined without a value, for a non-object value, or without a context', () => {
    expect(readTraceContext(ROOT_CONTEXT)).toBeUndefined();
    expect(readTraceContext(ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, 'nope'))).toBeUndefined();
    expect(readTraceContext(undefined)).toBeUndefined();
  });
});

describe('readTraceContext with the same stored value', () => {
  it('reads a value that is not frozen afresh each time', () => {
    const value: { sessionId: string } = { sessionId: 'a' };
    const ctx = ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, value);
    expect(readTraceContext(ctx)?.sessionId).toBe('a');
    value.sessionId = 'b';
    expect(readTraceContext(ctx)?.sessionId).toBe('b');
  });

  it('gives the same checked object for a frozen value', () => {
    const ctx = ROOT_CONTEXT.setValue(TRACE_CONTEXT_KEY, Object.freeze({ userId: 'u' }));
    expect(readTraceContext(ctx)).toBe(readTraceContext(ctx));
  });
});
