import { recordingPlugin, rejectionOf, useCapturedWarnings } from '../../test/support/recorder';
import { HookBus } from '../bus/hook-bus';
import { HookPhaseError, isHookPhaseError } from '../bus/hook-phase-error';
import type { GenerationRequest } from '../types/payloads';
import { runGeneration } from './run-generation';

const request: GenerationRequest = { operation: 'chat', provider: 'openai', model: 'gpt-x' };
const toResponse = (r: string) => ({ id: `resp-${r}`, finishReasons: ['stop'] });

describe('runGeneration with strict plugins and around', () => {
  const capture = useCapturedWarnings();

  test('strict HookPhaseError in pre_call: the call is skipped, the error phase gets it, it is thrown', async () => {
    const bus = new HookBus();
    const rec = recordingPlugin('rec');
    bus.register(rec);
    const bad = new Error('strict pre');
    bus.register({
      name: 'strict',
      errorMode: 'strict',
      hooks: {
        generation_pre_call: () => {
          throw bad;
        },
      },
    });
    let called = false;
    const caught = await rejectionOf(
      runGeneration(
        request,
        async () => {
          called = true;
          return 'x';
        },
        toResponse,
        { bus },
      ),
    );
    expect(called).toBe(false);
    expect(isHookPhaseError(caught)).toBe(true);
    expect((caught as HookPhaseError).failures[0].error).toBe(bad);
    const errors = rec.ofType('generation_error');
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toBe(caught);
    expect(rec.ofType('generation_post_call')).toHaveLength(0);
  });

  test('strict HookPhaseError in post_call is thrown instead of the result', async () => {
    const bus = new HookBus();
    bus.register({
      name: 'strict',
      errorMode: 'strict',
      hooks: {
        generation_post_call: () => {
          throw new Error('post');
        },
      },
    });
    const caught = await rejectionOf(runGeneration(request, async () => 'x', toResponse, { bus }));
    expect(caught).toBeInstanceOf(HookPhaseError);
    expect((caught as HookPhaseError).phase).toBe('generation_post_call');
  });

  test.each([
    ['warn', undefined],
    ['strict', 'strict' as const],
  ])('a failing error hook (%s mode) never replaces the original error', async (_mode, errorMode) => {
    const bus = new HookBus();
    bus.register({
      name: 'bad-error-hook',
      errorMode,
      hooks: {
        generation_error: () => {
          throw new Error('hook bug');
        },
      },
    });
    const original = new Error('original');
    expect(
      await rejectionOf(runGeneration(request, async () => Promise.reject(original), toResponse, { bus })),
    ).toBe(original);
    expect(capture.warnings).toHaveLength(1);
  });

  test('an async strict error hook that rejects never replaces the original error', async () => {
    const bus = new HookBus();
    bus.register({
      name: 'bad-async-error-hook',
      errorMode: 'strict',
      hooks: { generation_error: async () => Promise.reject(new Error('hook bug')) },
    });
    const original = new Error('original');
    expect(
      await rejectionOf(runGeneration(request, async () => Promise.reject(original), toResponse, { bus })),
    ).toBe(original);
  });

  test('the call runs inside the plugin around, started synchronously within it', async () => {
    const bus = new HookBus();
    const trail: string[] = [];
    bus.register({
      name: 'span',
      hooks: {
        generation_pre_call: () => ({
          around: (fn) => {
            trail.push('enter');
            const v = fn();
            trail.push('exit');
            return v;
          },
        }),
      },
    });
    await runGeneration(
      request,
      async () => {
        trail.push('call');
        return 'x';
      },
      toResponse,
      { bus },
    );
    expect(trail).toEqual(['enter', 'call', 'exit']);
  });
});
