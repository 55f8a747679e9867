import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { collectDiagWarnings } from '../../test/support/collect-diag-warnings';
import { resetOtelGlobals } from '../../test/support/tracing-test-env';
import { getTraceContext, withTraceContext } from './trace-context';

// A file of its own: the warnings are once per process (per jest module registry).
let warnings: string[];
beforeEach(() => {
  resetOtelGlobals();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  warnings = collectDiagWarnings();
});
afterEach(() => {
  resetOtelGlobals();
});

it('cuts every value longer than 200 characters to 200, with one warning in all', () => {
  const long = (c: string) => c.repeat(250);
  const seen = withTraceContext(
    {
      sessionId: long('s'),
      userId: long('u'),
      conversationId: long('c'),
      traceName: long('n'),
      tags: [long('t'), 'short'],
      metadata: { note: long('m') },
    },
    () => withTraceContext({ userId: long('v') }, () => getTraceContext()),
  );
  expect(seen).toEqual({
    sessionId: 's'.repeat(200),
    userId: 'v'.repeat(200),
    conversationId: 'c'.repeat(200),
    traceName: 'n'.repeat(200),
    tags: ['t'.repeat(200), 'short'],
    metadata: { note: 'm'.repeat(200) },
  });
  const cutWarnings = warnings.filter((w) => w.includes('longer than 200 characters'));
  expect(cutWarnings).toHaveLength(1);
  expect(cutWarnings[0]).toContain('@mellea/instrumentation-flows');
});

it('keeps values of exactly 200 characters whole', () => {
  const exact = 'x'.repeat(200);
  expect(withTraceContext({ sessionId: exact }, () => getTraceContext()?.sessionId)).toBe(exact);
});

it('skips metadata keys outside [A-Za-z0-9_.-], with one warning, and keeps the valid ones', () => {
  const seen = withTraceContext(
    { metadata: { 'ok_key.v-1': 'yes', 'has space': 'no', üml: 'no', 'a/b': 'no' } },
    () => getTraceContext()?.metadata,
  );
  expect(seen).toEqual({ 'ok_key.v-1': 'yes' });
  expect(warnings.filter((w) => w.includes('metadata key'))).toHaveLength(1);
});

it('keeps each tag once', () => {
  expect(withTraceContext({ tags: ['a', 'a', 'b'] }, () => getTraceContext()?.tags)).toEqual(['a', 'b']);
});

it('runs fn without a trace context, instead of throwing, when the context cannot be read', () => {
  const hostile = {
    get sessionId(): string {
      throw new Error('getter failed');
    },
  };
  expect(withTraceContext(hostile, () => getTraceContext())).toBeUndefined();
  expect(withTraceContext(hostile, () => 'again')).toBe('again');
  expect(warnings.filter((w) => w.includes('could not be applied'))).toHaveLength(1);
});
