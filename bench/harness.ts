// A small interleaved benchmark harness. Every round runs each case of a suite once (a batch of
// `opsPerRound` awaited calls, timed with process.hrtime.bigint), in a rotating order; targets are
// judged on the median over rounds of the per-round figures, because these machines are noisy
// and absolute nanoseconds drift between rounds while ratios within a round hold.

/** One measured operation. `fn` is awaited when it returns a promise. */
export interface BenchCase {
  name: string;
  fn: () => unknown;
  /** How many units one call covers (e.g. chunks of a stream), for per-unit figures. */
  unitsPerOp?: number;
}

/** A comparison of a case against a baseline case, with an optional target. */
export interface Comparison {
  name: string;
  subject: string;
  baseline: string;
  /** Judges the medians: overhead per unit in ns (subject − baseline) and the ratio subject/baseline. */
  target?: { text: string; met(overheadNs: number, ratio: number, baselineNs: number): boolean };
}

/** A benchmark suite: registered by a `*.bench.ts` module, run by `bench/index.ts`. */
export interface Suite {
  name: string;
  cases: BenchCase[];
  comparisons: Comparison[];
  rounds?: number;
  opsPerRound?: number;
  warmupRounds?: number;
  setup?: () => unknown;
  teardown?: () => unknown;
}

const suites: Suite[] = [];

/** Adds a suite to the run (call it at the top level of a `*.bench.ts` module). */
export function registerSuite(suite: Suite): void {
  suites.push(suite);
}

/** The `q` quantile (0..1) of `xs`, linearly interpolated. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (pos - lo) : s[lo];
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

async function timeBatch(c: BenchCase, ops: number): Promise<number> {
  const fn = c.fn;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const r = fn();
    if (r !== undefined && typeof (r as Promise<unknown>).then === 'function') await r;
  }
  const ns = Number(process.hrtime.bigint() - start);
  return ns / ops / (c.unitsPerOp ?? 1);
}

const gc = (globalThis as { gc?: () => void }).gc;

function fmt(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(1)} ns`;
}

/** Runs one suite and prints its tables. @returns whether every target was met. */
export async function runSuite(suite: Suite): Promise<boolean> {
  const rounds = suite.rounds ?? 30;
  const ops = suite.opsPerRound ?? 2000;
  const warmup = suite.warmupRounds ?? 3;
  await suite.setup?.();
  // One full collection before the suite only: a forced GC before every batch shrinks the young
  // generation and makes the next batch pay for extra scavenges, which skews allocation-heavy cases.
  gc?.();
  const perRound = new Map<string, number[]>(suite.cases.map((c) => [c.name, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    for (let k = 0; k < suite.cases.length; k++) {
      const c = suite.cases[(k + r) % suite.cases.length];
      const ns = await timeBatch(c, ops);
      if (r >= warmup) perRound.get(c.name)!.push(ns);
    }
  }
  await suite.teardown?.();
  // BENCH_DUMP=1 prints every round's figure per case (to see how noisy the machine is).
  if (process.env.BENCH_DUMP)
    for (const [name, xs] of perRound) console.log(name.padEnd(40), xs.map((x) => Math.round(x)).join(' '));

  console.log(`\n## ${suite.name}  (${rounds} interleaved rounds × ${ops} ops, median per round)\n`);
  console.table(
    suite.cases.map((c) => ({
      case: c.name,
      [`median ${c.unitsPerOp ? 'per unit' : 'per op'}`]: fmt(median(perRound.get(c.name)!)),
      min: fmt(Math.min(...perRound.get(c.name)!)),
    })),
  );
  let allMet = true;
  const rows = suite.comparisons.map((cmp) => {
    const a = perRound.get(cmp.subject)!;
    const b = perRound.get(cmp.baseline)!;
    const ratios = a.map((x, i) => x / b[i]);
    const ratio = median(ratios);
    const overhead = median(a.map((x, i) => x - b[i]));
    const baseNs = median(b);
    const met = cmp.target ? cmp.target.met(overhead, ratio, baseNs) : undefined;
    if (met === false) allMet = false;
    return {
      comparison: cmp.name,
      ratio: `${ratio.toFixed(3)}×`,
      // How much single rounds disagree: a wide spread means the machine was noisy.
      'rounds p25–p75': `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`,
      overhead: fmt(overhead),
      target: cmp.target?.text ?? '—',
      met: met === undefined ? '—' : met ? 'yes' : 'NO',
    };
  });
  if (rows.length > 0) console.table(rows);
  return allMet;
}

/** Names of the registered suites, in registration order (those containing `filter`, if given). */
export function registeredSuiteNames(filter?: string): string[] {
  return suites.map((s) => s.name).filter((name) => !filter || name.includes(filter));
}

/** Runs the registered suite called `name`. @returns whether every target was met. */
export async function runRegisteredSuite(name: string): Promise<boolean> {
  const suite = suites.find((s) => s.name === name);
  if (suite === undefined) throw new Error(`no benchmark suite named "${name}"`);
  return runSuite(suite);
}
