// Export throughput: generations made through the example framework with BackendTracingPlugin
// (default options), exported by the real OTLP/HTTP exporters (protobuf and JSON) through a
// BatchSpanProcessor with its default settings into the loopback receiver of tools/otlp-receiver
// (in a process of its own, decoding every payload), against the same generations with no
// exporter. 10k and 100k generations (BENCH_QUICK=1: 10k only, fewer rounds), in interleaved rounds.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { loadFramework } from './e2e/framework-stacks';
import { IN_PROCESS_BASE_URL, mockServerReplies, onNextTurn, stubFetch } from './e2e/transport';
import type { ExportKind, ExportRun } from './export/export-run';
import { type Figure, over, QUICK, registerSuite } from './harness';
import { figure, printFigures } from './report/figures';

const KINDS: ExportKind[] = ['none', 'protobuf', 'json'];
const SIZES = QUICK ? [10_000] : [10_000, 100_000];
/** Rounds per size: fewer of 100k, whose runs are ten times longer. */
const ROUNDS: Record<number, number> = QUICK ? { 10000: 3 } : { 10000: 5, 100000: 3 };
const LABEL: Record<ExportKind, string> = {
  none: 'no exporter',
  protobuf: 'OTLP/HTTP protobuf',
  json: 'OTLP/HTTP JSON',
};

const k = (n: number) => `${n / 1000}k`;

registerSuite({
  name: 'export',
  async run() {
    // Loaded here, not at registration: every suite's process registers every suite.
    const { exportRun } = require('./export/export-run') as typeof import('./export/export-run');
    const replies = await mockServerReplies();
    // Replies settled in microtasks only would starve the exporter's I/O until the loop ends (the
    // batch processor would drop all but its first queue and batch): each arrives on a later turn.
    globalThis.fetch = onNextTurn(stubFetch(replies));
    await loadFramework();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    // One short untimed run of each kind first, so the first timed run does not pay for the JIT.
    for (const kind of KINDS) await exportRun(kind, 2_000, IN_PROCESS_BASE_URL);

    const runs = new Map<string, ExportRun[]>();
    const rounds = Math.max(...Object.values(ROUNDS));
    for (let r = 0; r < rounds; r++) {
      for (const n of SIZES.filter((size) => r < ROUNDS[size])) {
        for (let i = 0; i < KINDS.length; i++) {
          const kind = KINDS[(i + r) % KINDS.length];
          const key = `${kind} ${n}`;
          runs.set(key, [...(runs.get(key) ?? []), await exportRun(kind, n, IN_PROCESS_BASE_URL)]);
        }
      }
    }
    context.disable();

    const figures: Figure[] = [];
    for (const n of SIZES) {
      const of = (kind: ExportKind) => runs.get(`${kind} ${n}`)!;
      const none = of('none').map((x) => x.generationsPerSecond);
      figures.push(figure(`${k(n)} · generations/s, ${LABEL.none}`, 'generations/s', none));
      for (const kind of ['protobuf', 'json'] as const) {
        const xs = of(kind);
        const label = `${k(n)} · ${LABEL[kind]}`;
        const gens = xs.map((x) => x.generationsPerSecond);
        figures.push(
          figure(
            `${label} · spans/s received`,
            'spans/s',
            xs.map((x) => x.spansPerSecond),
          ),
          figure(
            `${label} · bytes per span`,
            'bytes/span',
            xs.map((x) => x.bytesPerSpan),
          ),
          figure(
            `${label} · spans dropped (produced − received)`,
            'spans',
            xs.map((x) => x.produced - x.received),
          ),
          figure(`${label} · generations/s while exporting`, 'generations/s', gens),
          figure(`${label} · generations/s exporting ÷ no exporter`, '×', over(gens, none)),
        );
      }
    }
    printFigures(
      `export  (interleaved rounds: ${SIZES.map((n) => `${ROUNDS[n]} of ${k(n)}`).join(', ')}; a run per exporter in each)`,
      'Chat generations through the example framework + BackendTracingPlugin (default options), made as fast\n' +
        'as possible; BatchSpanProcessor with its default settings; the real OTLP/HTTP exporters into the\n' +
        'loopback receiver (tools/otlp-receiver, its own process), which decodes every payload. Spans/s: spans\n' +
        'received ÷ time from the first generation until the flush was done. Dropped: spans ended − spans\n' +
        'counted in the decoded payloads.',
      figures,
    );
    return { suite: 'export', rounds, ops: 0, cases: {}, comparisons: {}, figures };
  },
});
