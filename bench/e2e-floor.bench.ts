// End to end, ours against the hand-written floor (issue 12: our overhead ≤ 1.5× the floor's, for
// chat and for 21-chunk streams): the example framework uninstrumented (the context manager off,
// as in an app without OpenTelemetry), with a hand-written span with the same attributes around
// the same call (the floor), and with BackendTracingPlugin on its default options; the provider
// answered in-process. Nothing else runs in this process: in the peers' suite the `openai` SDK and
// its instrumentations share the fetch stub, the context manager and the heap with these cases,
// and their JIT state and garbage tax the few microseconds compared here unevenly.
import { floor, loadFramework, type Stack, uninstrumented, withPlugin } from './e2e/framework-stacks';
import { setupOtel } from './e2e/otel';
import { caseName, OPS, overheadName, type StackKey, UNTRACED } from './e2e/stack-names';
import { IN_PROCESS_BASE_URL, mockServerReplies, streamedReply, stubFetch } from './e2e/transport';
import { fmt, judge, registerSuite, type SuiteResults } from './harness';

/** The stacks this suite runs. */
const KEYS = ['fw', 'floor', 'plugin'] as const satisfies readonly StackKey[];
type Key = (typeof KEYS)[number];

const stacks = {} as Record<Key, Stack>;
let setContext = (_k: Key) => {};
let teardown = async () => {};

registerSuite({
  name: 'e2e-floor',
  description:
    'Our example framework with the plugin against the same framework with a hand-written span, in-process replies.',
  rounds: 80,
  opsPerRound: 600,
  warmupRounds: 2,
  setup: async () => {
    const replies = await mockServerReplies();
    const realFetch = globalThis.fetch;
    globalThis.fetch = stubFetch(replies);
    await loadFramework();
    const otel = setupOtel();
    setContext = (k) => (UNTRACED.includes(k) ? otel.contextOff() : otel.contextOn());
    const baseURL = IN_PROCESS_BASE_URL;
    Object.assign(stacks, {
      fw: uninstrumented(baseURL),
      floor: floor(baseURL, streamedReply(replies), otel.tracerProvider),
      plugin: withPlugin(baseURL, otel.tracerProvider),
    });
    teardown = async () => {
      await otel.shutdown();
      globalThis.fetch = realFetch;
    };
  },
  teardown: () => teardown(),
  cases: OPS.flatMap((op) =>
    KEYS.map((k) => ({
      name: caseName(k, op),
      fn: () => stacks[k][op](),
      enter: () => setContext(k),
    })),
  ),
  comparisons: OPS.flatMap((op) =>
    (['floor', 'plugin'] as const).map((k) => ({
      name: overheadName(k, op),
      subject: caseName(k, op),
      baseline: caseName('fw', op),
    })),
  ),
  report,
});

/** Ours ÷ the floor, on the median overheads over the uninstrumented framework. */
function report(results: SuiteResults): void {
  const checks = OPS.map((op) => {
    const ours = results.comparisons[overheadName('plugin', op)].overheadNs.median;
    const floorNs = results.comparisons[overheadName('floor', op)].overheadNs.median;
    // A floor at or below zero means the run could not resolve it: that is not a pass.
    const ratio = ours / floorNs;
    return {
      check: `ours ÷ floor ≤ 1.5 · ${op}`,
      figure:
        floorNs > 0
          ? `${fmt(ours)} ÷ ${fmt(floorNs)} = ${ratio.toFixed(2)}×`
          : `floor ${fmt(floorNs)}: not resolved`,
      met: floorNs > 0 && ratio <= 1.5,
    };
  });
  judge(results, checks);
}
