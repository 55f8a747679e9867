// @mellea/core-hooks overhead, measured on the built package (dist), against bare calls.
// Targets (issue 2): no-subscriber overhead ≤ max(50 ns, 25% of the bare call); one sync
// plugin ≤ 1 µs per generation (pre + post); stream wrapper ≤ 150 ns per chunk.
import * as core from '@mellea/core-hooks';
import { registerSuite } from './harness';
import { CHUNKS, chunks, collector, iterate } from './support/streams';

const RESULT = { id: 'r', choices: [{ text: 'hello' }] };
const request: core.GenerationRequest = { operation: 'chat', provider: 'openai', model: 'gpt-x' };
const call = async () => RESULT;
const toResponse = (r: typeof RESULT): core.GenerationResponse => ({ id: r.id });
const noop = () => {};

const syncBus = new core.HookBus();
syncBus.register({
  name: 'sync-noop',
  hooks: { generation_pre_call: noop, generation_post_call: noop, generation_error: noop },
});
const asyncBus = new core.HookBus();
const asyncNoop = async () => {};
asyncBus.register({
  name: 'async-noop',
  hooks: { generation_pre_call: asyncNoop, generation_post_call: asyncNoop, generation_error: asyncNoop },
});
// A real plugin makes its `around` in a module-level factory (e.g. `(ctx) => (fn) => context.with(ctx, fn)`)
// compiled by tsc. Written inline here (`() => ({ around: (fn) => fn() })`), tsx's esbuild
// (`keepNames`) would wrap the arrow in `__name(…, "around")`, an Object.defineProperty on every
// pre_call, which no tsc-built plugin pays: the factory keeps the case representative.
const passThroughAround =
  () =>
  <T>(fn: () => T): T =>
    fn();
const aroundBus = new core.HookBus();
aroundBus.register({
  name: 'sync-around',
  hooks: {
    generation_pre_call: () => ({ around: passThroughAround() }),
    generation_post_call: noop,
    generation_error: noop,
  },
});
const syncOpts = { bus: syncBus };
const asyncOpts = { bus: asyncBus };
const aroundOpts = { bus: aroundBus };

registerSuite({
  name: 'core-hooks',
  rounds: 30,
  opsPerRound: 2000,
  cases: [
    { name: 'bare await call()', fn: () => call() },
    { name: 'runGeneration, no subscribers', fn: () => core.runGeneration(request, call, toResponse) },
    {
      name: 'runGeneration, 1 sync no-op plugin',
      fn: () => core.runGeneration(request, call, toResponse, syncOpts),
    },
    {
      name: 'runGeneration, 1 async no-op plugin',
      fn: () => core.runGeneration(request, call, toResponse, asyncOpts),
    },
    {
      name: 'runGeneration, 1 sync plugin with around',
      fn: () => core.runGeneration(request, call, toResponse, aroundOpts),
    },
    { name: `bare stream (${CHUNKS} chunks), per chunk`, fn: () => iterate(chunks()), unitsPerOp: CHUNKS },
    {
      name: `runGenerationStream, 1 sync plugin, per chunk`,
      fn: () => core.runGenerationStream(request, chunks, collector, syncOpts).then(iterate),
      unitsPerOp: CHUNKS,
    },
  ],
  comparisons: [
    {
      name: 'no subscribers vs bare',
      subject: 'runGeneration, no subscribers',
      baseline: 'bare await call()',
      target: {
        text: '≤ max(50 ns, 25% of bare)',
        met: (overhead, _r, base) => overhead <= Math.max(50, 0.25 * base),
      },
    },
    {
      name: '1 sync plugin vs bare (pre + post)',
      subject: 'runGeneration, 1 sync no-op plugin',
      baseline: 'bare await call()',
      target: { text: '≤ 1 µs per generation', met: (overhead) => overhead <= 1000 },
    },
    {
      name: '1 async plugin vs bare',
      subject: 'runGeneration, 1 async no-op plugin',
      baseline: 'bare await call()',
    },
    {
      name: '1 sync plugin with around vs bare',
      subject: 'runGeneration, 1 sync plugin with around',
      baseline: 'bare await call()',
    },
    {
      name: 'stream wrapper vs bare stream, per chunk',
      subject: 'runGenerationStream, 1 sync plugin, per chunk',
      baseline: `bare stream (${CHUNKS} chunks), per chunk`,
      target: { text: '≤ 150 ns per chunk', met: (overhead) => overhead <= 150 },
    },
  ],
});
