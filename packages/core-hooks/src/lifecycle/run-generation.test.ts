import {
  busWithRecorder,
  deferred,
  microtasks,
  recordingPlugin,
  rejectionOf,
  ticksUntilSettled,
  useCapturedWarnings,
} from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import type { GenerationRequest } from '../types/payloads';
import { runGeneration } from './run-generation';

const request: GenerationRequest = { operation: 'chat', provider: 'openai', model: 'gpt-x' };
const toResponse = (r: string) => ({ id: `resp-${r}`, finishReasons: ['stop'] });
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const setup = busWithRecorder;

describe('runGeneration', () => {
  const capture = useCapturedWarnings();

  test('success: pre_call then post_call with the response, latencyMs and one shared UUID v4 id', async () => {
    const { bus, rec } = setup();
    const result = await runGeneration(request, async () => 'a', toResponse, { bus });
    expect(result).toBe('a');
    expect(rec.events.map((e) => e.type)).toEqual(['generation_pre_call', 'generation_post_call']);
    const [pre] = rec.ofType('generation_pre_call');
    const [post] = rec.ofType('generation_post_call');
    expect(pre).toMatchObject(request);
    expect(pre.generationId).toMatch(UUID_V4);
    expect(post.generationId).toBe(pre.generationId);
    expect(post.response).toEqual({ id: 'resp-a', finishReasons: ['stop'] });
    expect(typeof post.latencyMs).toBe('number');
    expect(post.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('uses the generationId given in the options and passes the signal to the call', async () => {
    const { bus, rec } = setup();
    const signal = new AbortController().signal;
    let received: AbortSignal | undefined;
    await runGeneration(
      request,
      async (s) => {
        received = s;
        return 'a';
      },
      toResponse,
      { bus, generationId: 'my-id', signal },
    );
    expect(received).toBe(signal);
    expect(rec.events.map((e) => e.payload.generationId)).toEqual(['my-id', 'my-id']);
  });

  test('failure: the error hook gets the identical error object, which is re-thrown unchanged', async () => {
    const { bus, rec } = setup();
    const boom = new Error('provider 500');
    const caught = await rejectionOf(
      runGeneration(request, async () => Promise.reject(boom), toResponse, { bus }),
    );
    expect(caught).toBe(boom);
    const errors = rec.ofType('generation_error');
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toBe(boom);
    expect(errors[0]).toMatchObject({ cancelled: false, source: 'call' });
    expect(rec.ofType('generation_post_call')).toHaveLength(0);
  });

  test('a call that throws synchronously becomes a rejection with the same error and an error event', async () => {
    const { bus, rec } = setup();
    const boom = new Error('sync');
    const call = (() => {
      throw boom;
    }) as () => Promise<string>;
    expect(await rejectionOf(runGeneration(request, call, toResponse, { bus }))).toBe(boom);
    expect(rec.ofType('generation_error')[0].error).toBe(boom);
  });

  test('an AbortSignal that fires gives cancelled: true', async () => {
    const { bus, rec } = setup();
    const controller = new AbortController();
    const call = (signal?: AbortSignal) =>
      new Promise<string>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
    const p = runGeneration(request, call, toResponse, { bus, signal: controller.signal });
    controller.abort();
    const caught = await rejectionOf(p);
    expect(caught).toBe(controller.signal.reason);
    expect(rec.ofType('generation_error')[0]).toMatchObject({ cancelled: true, source: 'call' });
  });

  test('an error named AbortError gives cancelled: true without any signal', async () => {
    const { bus, rec } = setup();
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await rejectionOf(runGeneration(request, async () => Promise.reject(abort), toResponse, { bus }));
    expect(rec.ofType('generation_error')[0].cancelled).toBe(true);
  });

  test('a TimeoutError (AbortSignal.timeout style) is a failure, not a cancellation', async () => {
    const { bus, rec } = setup();
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    const signal = AbortSignal.abort(timeout);
    await rejectionOf(
      runGeneration(request, async () => Promise.reject(timeout), toResponse, { bus, signal }),
    );
    expect(rec.ofType('generation_error')[0].cancelled).toBe(false);
  });

  test("a throwing toResponse does not change the caller's result; it is logged", async () => {
    const { bus, rec } = setup();
    const value = { answer: 42 };
    const result = await runGeneration(
      request,
      async () => value,
      () => {
        throw new Error('mapping bug');
      },
      { bus },
    );
    expect(result).toBe(value);
    expect(rec.ofType('generation_post_call')[0].response).toEqual({});
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].msg).toContain('toResponse');
  });

  test('a throwing toResponse made afresh for every call (a closure) warns once, not per generation', async () => {
    const { bus, rec } = setup();
    const mapper = { toResponse: (_r: string): { id: string } => JSON.parse('not json') };
    for (let i = 0; i < 3; i++) {
      expect(
        await runGeneration(
          request,
          async () => `r${i}`,
          (r) => mapper.toResponse(r),
          { bus },
        ),
      ).toBe(`r${i}`);
    }
    expect(rec.ofType('generation_post_call')).toHaveLength(3);
    expect(capture.warnings).toHaveLength(1);
    expect(capture.warnings[0].rest[0]).toBeInstanceOf(SyntaxError);
  });

  test('no subscriber: the call runs directly, no id is generated, no hook is invoked', async () => {
    let ids = 0;
    let isolated: typeof import('./run-generation') | undefined;
    jest.isolateModules(() => {
      jest.doMock('./new-generation-id', () => {
        const actual = jest.requireActual('./new-generation-id');
        return {
          newGenerationId: () => {
            ids++;
            return actual.newGenerationId();
          },
        };
      });
      isolated = require('./run-generation');
    });
    const bus = new HookBus();
    const batchOnly = recordingPlugin('batch-only');
    bus.register({
      name: 'batch-only',
      hooks: { generation_batch_pre_call: batchOnly.hooks.generation_batch_pre_call },
    });
    const emit = jest.spyOn(bus, 'emit');
    const own = Promise.resolve('direct');
    const returned = isolated!.runGeneration(request, () => own, toResponse, { bus });
    expect(returned).toBe(own);
    expect(await returned).toBe('direct');
    expect(ids).toBe(0);
    expect(emit).not.toHaveBeenCalled();
    expect(batchOnly.events).toHaveLength(0);
    // the same spies do see a traced generation
    bus.register(recordingPlugin('single'));
    await isolated!.runGeneration(request, () => own, toResponse, { bus });
    expect(ids).toBe(1);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  test('a slow async handler never delays the call: the result arrives while the handler is pending', async () => {
    const bus = new HookBus();
    const slow = deferred();
    let handlerDone = false;
    bus.register({
      name: 'slow',
      hooks: {
        generation_pre_call: async () => {
          await slow.promise;
          handlerDone = true;
        },
        generation_post_call: () => slow.promise,
      },
    });
    const result = await runGeneration(request, async () => 'fast', toResponse, { bus });
    expect(result).toBe('fast');
    expect(handlerDone).toBe(false);
    slow.resolve();
  });

  test('a blocking plugin is awaited before the call starts', async () => {
    const bus = new HookBus();
    const gate = deferred();
    bus.register({ name: 'gate', blocking: true, hooks: { generation_pre_call: () => gate.promise } });
    let started = false;
    const p = runGeneration(
      request,
      async () => {
        started = true;
        return 'x';
      },
      toResponse,
      { bus },
    );
    await microtasks(10);
    expect(started).toBe(false);
    gate.resolve();
    expect(await p).toBe('x');
    expect(started).toBe(true);
  });

  test('with only synchronous plugins the call starts synchronously and the helper adds no await of its own', async () => {
    const { bus } = setup();
    let started = false;
    const call = async () => {
      started = true;
      return 'v';
    };
    const p = runGeneration(request, call, toResponse, { bus });
    expect(started).toBe(true);
    const helperTicks = await ticksUntilSettled(p);
    // the least any wrapper that observes the result needs: one `.then` on the call's promise
    const bareTicks = await ticksUntilSettled(call().then((v) => v));
    expect(helperTicks).toBeLessThanOrEqual(bareTicks);
  });
});
