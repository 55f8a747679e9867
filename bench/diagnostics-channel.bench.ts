// The cost of one `node:diagnostics_channel` subscriber (no plugin on the bus) to a generation:
// the message, the five events and the traced path it makes the helpers take. A suite of its own
// (its own process): the subscription is process-wide and would tax the no-subscriber cases of
// the core-hooks suite.
import diagnosticsChannel from 'node:diagnostics_channel';
import * as core from '@mellea/core-hooks';
import { registerSuite } from './harness';
import { CHUNKS, chunks, collector, iterate } from './support/streams';

const RESULT = { id: 'r' };
const request: core.GenerationRequest = { operation: 'chat', provider: 'openai', model: 'gpt-x' };
const call = async () => RESULT;
const toResponse = (r: typeof RESULT): core.GenerationResponse => ({ id: r.id });
const noop = () => {};
const subscriber = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
const channel = diagnosticsChannel.tracingChannel(core.GENERATION_CHANNEL);

registerSuite({
  name: 'core-hooks diagnostics channel',
  rounds: 30,
  opsPerRound: 2000,
  setup: () => channel.subscribe(subscriber),
  teardown: () => channel.unsubscribe(subscriber),
  cases: [
    { name: 'bare await call()', fn: () => call() },
    { name: 'runGeneration, 1 channel subscriber', fn: () => core.runGeneration(request, call, toResponse) },
    { name: `bare stream (${CHUNKS} chunks), per chunk`, fn: () => iterate(chunks()), unitsPerOp: CHUNKS },
    {
      name: 'runGenerationStream, 1 channel subscriber, per chunk',
      fn: () => core.runGenerationStream(request, chunks, collector).then(iterate),
      unitsPerOp: CHUNKS,
    },
  ],
  comparisons: [
    {
      name: '1 channel subscriber vs bare (5 events)',
      subject: 'runGeneration, 1 channel subscriber',
      baseline: 'bare await call()',
    },
    {
      name: 'stream, 1 channel subscriber vs bare stream, per chunk',
      subject: 'runGenerationStream, 1 channel subscriber, per chunk',
      baseline: `bare stream (${CHUNKS} chunks), per chunk`,
    },
  ],
});
