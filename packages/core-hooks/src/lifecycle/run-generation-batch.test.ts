import { busWithRecorder, recordingPlugin, useCapturedWarnings } from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import { runGenerationBatch } from './run-generation-batch';

const request = {
  operation: 'text_completion' as const,
  provider: 'ibm.watsonx.ai',
  model: 'granite',
  size: 3,
};

const setup = busWithRecorder;

describe('runGenerationBatch', () => {
  const capture = useCapturedWarnings();

  test('one batch pre/post pair per request, size carried, usage summed over the responses', async () => {
    const { bus, rec } = setup();
    const result = ['x', 'y', 'z'];
    const out = await runGenerationBatch(
      request,
      async () => result,
      (texts) => ({
        responses: texts.map((t, i) => ({ id: t, usage: { inputTokens: 10 + i, outputTokens: 2 } })),
      }),
      { bus },
    );
    expect(out).toBe(result);
    expect(rec.events.map((e) => e.type)).toEqual([
      'generation_batch_pre_call',
      'generation_batch_post_call',
    ]);
    const [pre] = rec.ofType('generation_batch_pre_call');
    const [post] = rec.ofType('generation_batch_post_call');
    expect(pre.size).toBe(3);
    expect(post.generationId).toBe(pre.generationId);
    expect(post.responses.map((r) => r.id)).toEqual(['x', 'y', 'z']);
    expect(post.usage).toEqual({ inputTokens: 33, outputTokens: 6 });
    expect(post.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('a usage given by toResponses is used as is', async () => {
    const { bus, rec } = setup();
    await runGenerationBatch(
      request,
      async () => 1,
      () => ({ responses: [{ usage: { inputTokens: 1 } }], usage: { inputTokens: 99, outputTokens: 1 } }),
      { bus },
    );
    expect(rec.ofType('generation_batch_post_call')[0].usage).toEqual({ inputTokens: 99, outputTokens: 1 });
  });

  test('failure: one batch error event with the same error object, re-thrown unchanged', async () => {
    const { bus, rec } = setup();
    const boom = new Error('batch failed');
    const caught = await runGenerationBatch(
      request,
      async () => Promise.reject(boom),
      () => ({ responses: [] }),
      {
        bus,
      },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).toBe(boom);
    expect(rec.ofType('generation_batch_error')).toHaveLength(1);
    expect(rec.ofType('generation_batch_error')[0]).toMatchObject({ error: boom, cancelled: false });
    expect(rec.ofType('generation_error')).toHaveLength(0);
  });

  test('an aborted batch is cancelled', async () => {
    const { bus, rec } = setup();
    const controller = new AbortController();
    controller.abort();
    await runGenerationBatch(
      request,
      async (s) => Promise.reject(s!.reason),
      () => ({ responses: [] }),
      {
        bus,
        signal: controller.signal,
      },
    ).catch(() => undefined);
    expect(rec.ofType('generation_batch_error')[0].cancelled).toBe(true);
  });

  test("a throwing toResponses does not change the caller's result", async () => {
    const { bus, rec } = setup();
    const out = await runGenerationBatch(
      request,
      async () => 'ok',
      () => {
        throw new Error('bug');
      },
      { bus },
    );
    expect(out).toBe('ok');
    expect(rec.ofType('generation_batch_post_call')[0].responses).toEqual([]);
    expect(capture.warnings).toHaveLength(1);
  });

  test('no batch subscriber: the call runs directly and returns its own promise', () => {
    const bus = new HookBus();
    bus.register({ name: 'single-only', hooks: { generation_pre_call: () => {} } });
    const own = Promise.resolve('direct');
    expect(
      runGenerationBatch(
        request,
        () => own,
        () => ({ responses: [] }),
        { bus },
      ),
    ).toBe(own);
  });
});

test('strict HookPhaseError in batch pre_call: the call is skipped, batch error gets it, it is thrown', async () => {
  const bus = new HookBus();
  const rec = recordingPlugin('rec');
  bus.register(rec);
  bus.register({
    name: 'strict',
    errorMode: 'strict',
    hooks: {
      generation_batch_pre_call: () => {
        throw new Error('pre');
      },
    },
  });
  let called = false;
  const caught = await runGenerationBatch(
    request,
    async () => {
      called = true;
    },
    () => ({ responses: [] }),
    { bus },
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(called).toBe(false);
  expect(rec.ofType('generation_batch_error')[0].error).toBe(caught);
  expect((caught as Error).name).toBe('HookPhaseError');
});
