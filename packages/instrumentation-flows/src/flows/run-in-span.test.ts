import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { collectDiagWarnings } from '../../test/support/collect-diag-warnings';
import { collectGarbageUntil } from '../../test/support/collect-garbage';
import { deferred } from '../../test/support/deferred';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { ATTR_ERROR_TYPE } from '../semconv';
import { traceStep } from './trace-step';
import { traceWorkflow } from './trace-workflow';

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
});

function expectFailed(span: ReadableSpan, error: Error): void {
  expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
  expect(span.attributes[ATTR_ERROR_TYPE]).toBe(error.name);
  const exceptions = span.events.filter((e) => e.name === 'exception');
  expect(exceptions).toHaveLength(1);
  expect(exceptions[0].attributes?.['exception.message']).toBe(error.message);
}

function expectUnset(span: ReadableSpan): void {
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(0);
  expect(span.attributes[ATTR_ERROR_TYPE]).toBeUndefined();
}

async function* count(n: number, onFinally?: () => void): AsyncGenerator<number> {
  try {
    for (let i = 1; i <= n; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield i;
    }
  } finally {
    onFinally?.();
  }
}

describe('ending the span', () => {
  it('ends it when a sync fn throws, marks it and rethrows the same error', () => {
    const error = new TypeError('bad input');
    let caught: unknown;
    try {
      traceStep('sync', () => {
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expectFailed(env.span('sync'), error);
  });

  it('ends it when an async fn rejects, marks it and rejects with the same error', async () => {
    const error = new RangeError('too far');
    const gate = deferred();
    const pending = traceStep('async', async () => {
      await gate.promise;
      throw error;
    });
    await Promise.resolve();
    expect(env.spans()).toHaveLength(0);
    gate.resolve();
    await expect(pending).rejects.toBe(error);
    expectFailed(env.span('async'), error);
  });

  it('ends it when the consumer breaks out of the iteration, closing the producer, without an error', async () => {
    let closed = false;
    for await (const value of traceStep('stream', () => count(5, () => (closed = true)))) {
      if (value === 2) break;
    }
    expect(closed).toBe(true);
    expectUnset(env.span('stream'));
  });

  it('ends it when the producer throws mid-iteration and hands the consumer the same error', async () => {
    const error = new Error('stream broke');
    const iterable = traceStep('stream', async function* () {
      yield 1;
      throw error;
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of iterable) seen.push(value);
      })(),
    ).rejects.toBe(error);
    expect(seen).toEqual([1]);
    expectFailed(env.span('stream'), error);
  });

  it('ends it as failed when the consumer throws into an iterator that does not catch', async () => {
    const error = new Error('consumer gave up');
    const iterator = traceStep('stream', () => count(3)) as AsyncGenerator<number>;
    await iterator.next();
    await expect(iterator.throw(error)).rejects.toBe(error);
    expectFailed(env.span('stream'), error);
  });

  it('ends it once, however many times the iterator is finished', async () => {
    const iterator = traceStep('stream', () => count(1)) as AsyncGenerator<number>;
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await iterator.return(undefined);
    expect(env.spans().filter((s) => s.name === 'stream')).toHaveLength(1);
  });

  it('ends it when an iterable is abandoned and garbage-collected, at its last activity', async () => {
    let iterator: AsyncIterator<number> | undefined = traceStep('abandoned', () => count(10))[
      Symbol.asyncIterator
    ]();
    await iterator.next();
    const lastActivity = Date.now();
    iterator = undefined;
    await collectGarbageUntil(() => env.spans().length > 0);
    const span = env.span('abandoned');
    expectUnset(span);
    expect(span.endTime[0] * 1000 + span.endTime[1] / 1e6).toBeLessThanOrEqual(lastActivity + 1);
  });

  it('ends it when an iterable that was never iterated is garbage-collected', async () => {
    traceStep('never-read', () => count(10));
    await collectGarbageUntil(() => env.spans().length > 0);
    expect(env.span('never-read').ended).toBe(true);
  });

  it('records a thrown non-Error value with error.type _OTHER and an empty status message (as generation spans), and rethrows it unchanged', () => {
    const thrown = { code: 7 };
    let caught: unknown;
    try {
      traceStep('odd', () => {
        throw thrown;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(thrown);
    const span = env.span('odd');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '' });
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('_OTHER');
  });

  it('uses the class name as error.type for an error class that keeps the name "Error"', () => {
    class QuotaExceeded extends Error {}
    expect(() =>
      traceStep('quota', () => {
        throw new QuotaExceeded('over quota');
      }),
    ).toThrow(QuotaExceeded);
    expect(env.span('quota').attributes[ATTR_ERROR_TYPE]).toBe('QuotaExceeded');
  });
});

describe('errors through nested spans', () => {
  it('marks the failing node and every traced ancestor it passes through, with the same error object', async () => {
    const error = new SyntaxError('node n2 failed');
    const run = traceWorkflow('graph', async () => {
      await traceStep('n1', async () => 'ok');
      await traceStep('outer', () => traceStep('n2', async () => Promise.reject(error)));
    });
    await expect(run).rejects.toBe(error);
    expectFailed(env.span('n2'), error);
    expectFailed(env.span('outer'), error);
    expectFailed(env.span('invoke_workflow graph'), error);
    expectUnset(env.span('n1'));
  });

  it('leaves ancestors alone when a step catches the error', async () => {
    const error = new Error('handled');
    await traceWorkflow('graph', async () => {
      await traceStep('n1', async () => Promise.reject(error)).catch(() => 'fallback');
    });
    expectFailed(env.span('n1'), error);
    expectUnset(env.span('invoke_workflow graph'));
  });
});

describe('nesting across async boundaries', () => {
  const parentOf = (name: string) => env.span(name).parentSpanContext?.spanId;
  const idOf = (name: string) => env.span(name).spanContext().spanId;

  it('parents Promise.all branches, timers and async iterator steps to the span they started in', async () => {
    await traceWorkflow('wf', async () => {
      await Promise.all(
        ['a', 'b'].map((branch) =>
          traceStep(`branch-${branch}`, async () => {
            await new Promise((resolve) => setTimeout(resolve, 2));
            await new Promise<void>((resolve) =>
              setTimeout(() => {
                trace.getTracer('test').startSpan(`timer-${branch}`).end();
                resolve();
              }, 1),
            );
          }),
        ),
      );
      const items = traceStep('producer', async function* () {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield traceStep('produce-1', () => 1);
      });
      for await (const _ of items) traceStep('consume', () => undefined);
    });
    expect(parentOf('branch-a')).toBe(idOf('invoke_workflow wf'));
    expect(parentOf('branch-b')).toBe(idOf('invoke_workflow wf'));
    expect(parentOf('timer-a')).toBe(idOf('branch-a'));
    expect(parentOf('timer-b')).toBe(idOf('branch-b'));
    expect(parentOf('producer')).toBe(idOf('invoke_workflow wf'));
    expect(parentOf('produce-1')).toBe(idOf('producer'));
    expect(parentOf('consume')).toBe(idOf('invoke_workflow wf'));
  });

  it('restores the caller context after fn returns', async () => {
    const before = trace.getActiveSpan();
    await traceWorkflow('wf', async () => undefined);
    traceStep('sync', () => undefined);
    expect(trace.getActiveSpan()).toBe(before);
  });
});

it('runs fn untraced, with the same result, when starting the span fails', () => {
  const warnings = collectDiagWarnings();
  trace.disable();
  trace.setGlobalTracerProvider({
    getTracer: () => {
      throw new Error('broken provider');
    },
  });
  expect(traceStep('x', () => 'value')).toBe('value');
  expect(traceStep('y', () => 'again')).toBe('again');
  expect(warnings.filter((w) => w.includes('could not start flow span'))).toHaveLength(1);
});
