import fc from 'fast-check';
import { runGeneration } from '../lifecycle/run-generation';
import { runGenerationStream } from '../lifecycle/run-generation-stream';
import { setHookLogger } from '../logger/hook-logger';
import { GENERATION_HOOKS } from '../types/hook-types';
import type { HookHandlers, HookPlugin, HookReturn } from '../types/plugin';
import { HookBus } from './hook-bus';

type Behaviour =
  | 'ok'
  | 'throw'
  | 'reject'
  | 'throw-non-error'
  | 'around-ok'
  | 'around-skip'
  | 'around-twice'
  | 'around-swap'
  | 'around-throw';

const behaviours: Behaviour[] = [
  'ok',
  'throw',
  'reject',
  'throw-non-error',
  'around-ok',
  'around-skip',
  'around-twice',
  'around-swap',
  'around-throw',
];

function handlerFor(b: Behaviour): () => unknown {
  switch (b) {
    case 'ok':
      return () => undefined;
    case 'throw':
      return () => {
        throw new Error('handler bug');
      };
    case 'reject':
      return () => Promise.reject(new Error('async handler bug'));
    case 'throw-non-error':
      return () => {
        throw 'a string';
      };
    case 'around-ok':
      return (): HookReturn => ({ around: (fn) => fn() });
    case 'around-skip':
      return () => ({ around: () => 'skipped' });
    case 'around-twice':
      return (): HookReturn => ({
        around: (fn) => {
          fn();
          return fn();
        },
      });
    case 'around-swap':
      return () => ({
        around: (fn: () => unknown) => {
          fn();
          return Promise.resolve('swapped');
        },
      });
    case 'around-throw':
      return () => ({
        around: () => {
          throw new Error('wrapper bug');
        },
      });
  }
}

const pluginArb = fc.record({
  priority: fc.option(fc.integer({ min: -5, max: 100 }), { nil: undefined }),
  behaviours: fc.array(fc.constantFrom(...behaviours), { minLength: 6, maxLength: 6 }),
});

function buildBus(specs: { priority?: number; behaviours: Behaviour[] }[]): HookBus {
  const bus = new HookBus();
  specs.forEach((spec, i) => {
    const hooks: HookHandlers = {};
    GENERATION_HOOKS.forEach((type, j) => {
      (hooks as Record<string, unknown>)[type] = handlerFor(spec.behaviours[j]);
    });
    const plugin: HookPlugin = { name: `p${i}`, priority: spec.priority, hooks };
    bus.register(plugin);
  });
  return bus;
}

describe('property: warn-mode plugins never break the host', () => {
  beforeAll(() => setHookLogger({ warn: () => {} }));
  afterAll(() => setHookLogger(undefined));

  test('runGeneration returns the call value itself or rejects with the call error itself, whatever the plugins do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pluginArb, { maxLength: 5 }), fc.boolean(), async (specs, fails) => {
        const bus = buildBus(specs);
        const value = { v: 1 };
        const error = new Error('provider');
        let calls = 0;
        const outcome = await runGeneration(
          { operation: 'chat' },
          async () => {
            calls++;
            if (fails) throw error;
            return value;
          },
          () => ({}),
          { bus },
        ).then(
          (v) => ({ ok: true as const, v }),
          (e: unknown) => ({ ok: false as const, e }),
        );
        expect(calls).toBe(1);
        if (fails) {
          expect(outcome.ok).toBe(false);
          expect((outcome as { e: unknown }).e).toBe(error);
        } else {
          expect((outcome as { v: unknown }).v).toBe(value);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('emit never throws for any hook type and any payload', () => {
    fc.assert(
      fc.property(
        fc.array(pluginArb, { maxLength: 5 }),
        fc.constantFrom(...GENERATION_HOOKS),
        fc.anything(),
        (specs, type, payload) => {
          const bus = buildBus(specs);
          const result = bus.emit(type, payload as never);
          expect(result).not.toBeInstanceOf(Promise);
          const marker = {};
          expect((result as { run<T>(fn: () => T): T }).run(() => marker)).toBe(marker);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a stream yields exactly the provider chunks and the same provider error, whatever the plugins do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(pluginArb, { maxLength: 4 }),
        fc.array(fc.integer(), { maxLength: 5 }),
        fc.boolean(),
        async (specs, chunks, fails) => {
          const bus = buildBus(specs);
          const error = new Error('mid-stream');
          async function* gen() {
            yield* chunks;
            if (fails) throw error;
          }
          const got: number[] = [];
          const outcome = await runGenerationStream(
            { operation: 'chat' },
            () => gen(),
            { onChunk() {}, response: () => ({}) },
            { bus },
          )
            .then(async (s) => {
              for await (const c of s) got.push(c);
            })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(got).toEqual(chunks);
          expect(outcome).toBe(fails ? error : undefined);
        },
      ),
      { numRuns: 100 },
    );
  });
});
