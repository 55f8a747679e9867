import { writeFileSync } from 'node:fs';
import path from 'node:path';

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
  /** Untimed, before each of this case's batches (e.g. enable an instrumentation that patches a module). */
  enter?: () => unknown;
  /** Untimed, after each of this case's batches. */
  exit?: () => unknown;
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
  /** Heading text printed under the suite's title (what is measured, against what). */
  description?: string;
  /** After the tables: derived figures and checks (`results.figures`, `judge`), judged by the harness. */
  report?: (results: SuiteResults) => void | Promise<void>;
}

/** min / p25 / median / p75 of per-round figures. */
export interface Summary {
  min: number;
  p25: number;
  median: number;
  p75: number;
}

/** What one suite measured, saved for the run's summary (`bench/index.ts`). */
export interface SuiteResults {
  suite: string;
  rounds: number;
  ops: number;
  cases: Record<string, Summary>;
  comparisons: Record<string, { ratio: Summary; overheadNs: Summary; target?: string; met?: boolean }>;
  /** Figures that are not per-op times (throughput, bytes, memory), each over rounds, formatted. */
  figures?: Figure[];
  /** Judged checks a suite's own report made (see {@link judge}). */
  checks?: Check[];
}

/** One judged check a suite's report makes (e.g. the end-to-end suite's "ours ≤ each peer"). */
export interface Check {
  check: string;
  figure: string;
  met: boolean;
}

/** One figure over rounds (e.g. spans/s of one configuration), as the report prints it. */
export interface Figure {
  name: string;
  unit: string;
  /** Over rounds. */
  summary: Summary;
  /** The target beside the figure, if it gives one. */
  target?: string;
  met?: boolean;
}

/** A suite that measures something other than per-op times: it runs its own rounds and reports. */
export interface RunSuite {
  name: string;
  /** Runs the rounds, prints the tables. @returns what it measured (its figures carry their targets). */
  run(): Promise<SuiteResults>;
}

/** min / p25 / median / p75 of `xs`. */
export function summary(xs: number[]): Summary {
  return { min: Math.min(...xs), p25: quantile(xs, 0.25), median: median(xs), p75: quantile(xs, 0.75) };
}

/** Per-round values `a[i] − b[i]` (paired by round). */
export function minus(a: number[], b: number[]): number[] {
  return a.map((x, i) => x - b[i]);
}

/** Per-round values `a[i] ÷ b[i]` (paired by round). */
export function over(a: number[], b: number[]): number[] {
  return a.map((x, i) => x / b[i]);
}

/** The p25–p75 range of `s`, formatted by `f`. */
export function spread(s: Pick<Summary, 'p25' | 'p75'>, f: (x: number) => string): string {
  return `${f(s.p25)} – ${f(s.p75)}`;
}

/** A ratio as `1.234×`. */
function fmtRatio(x: number): string {
  return `${x.toFixed(3)}×`;
}

/** `yes`, `NO`, or `—` when there is no target. */
export function fmtMet(met: boolean | undefined): string {
  return met === undefined ? '—' : met ? 'yes' : 'NO';
}

/** One printable row per comparison (the console table and the report's). */
export function comparisonRows(comparisons: SuiteResults['comparisons']): Record<string, string>[] {
  return Object.entries(comparisons).map(([name, c]) => ({
    comparison: name,
    // Per-round ratios: how much single rounds disagree shows how noisy the machine was.
    'ratio min': fmtRatio(c.ratio.min),
    'ratio median': fmtRatio(c.ratio.median),
    'ratio p25 – p75': spread(c.ratio, fmtRatio),
    'overhead median': fmt(c.overheadNs.median),
    'overhead p25 – p75': spread(c.overheadNs, fmt),
    target: c.target ?? '—',
    met: fmtMet(c.met),
  }));
}

/** Writes `results` where the parent run collects them (BENCH_RESULTS_DIR), if it asked. */
export function saveResults(results: SuiteResults): void {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (dir) writeFileSync(path.join(dir, `${results.suite}.json`), JSON.stringify(results));
}

const suites: (Suite | RunSuite)[] = [];

/** Adds a suite to the run (call it at the top level of a `*.bench.ts` module). */
export function registerSuite(suite: Suite | RunSuite): void {
  suites.push(suite);
}

/** The `q` quantile (0..1) of `xs`, linearly interpolated. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (pos - lo) : s[lo];
}

export function median(xs: number[]): number {
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

/** Nanoseconds as `812.3 ns` or `41.2 µs`. */
export function fmt(ns: number): string {
  return Math.abs(ns) >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(1)} ns`;
}

/** Whether an environment flag is set (`1`, `true`, `yes` or `on`, any case). */
export function flag(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value ?? '');
}

/** Rounds and ops scaled down by BENCH_QUICK=1 (a quick look, not a verdict). */
export const QUICK = flag(process.env.BENCH_QUICK);

/** Prints `checks` as a table and stores them in `results`. @returns whether every one is met. */
export function judge(results: SuiteResults, checks: Check[]): void {
  console.table(checks.map((c) => ({ ...c, met: fmtMet(c.met) })));
  results.checks = checks;
}

/** Whether no figure or check of `results` misses its target. */
function reportMet(results: SuiteResults): boolean {
  return (results.figures ?? []).every((f) => f.met !== false) && (results.checks ?? []).every((c) => c.met);
}

/** Runs one suite and prints its tables. @returns whether every target was met. */
export async function runSuite(suite: Suite): Promise<boolean> {
  const rounds = Math.max(6, Math.round((suite.rounds ?? 30) / (QUICK ? 3 : 1)));
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
      await c.enter?.();
      const ns = await timeBatch(c, ops);
      await c.exit?.();
      if (r >= warmup) perRound.get(c.name)!.push(ns);
    }
  }
  await suite.teardown?.();
  // BENCH_DUMP=1 prints every round's figure per case (to see how noisy the machine is).
  if (process.env.BENCH_DUMP)
    for (const [name, xs] of perRound) console.log(name.padEnd(40), xs.map((x) => Math.round(x)).join(' '));

  console.log(`\n## ${suite.name}  (${rounds} interleaved rounds × ${ops} ops; figures per round)\n`);
  if (suite.description) console.log(`${suite.description}\n`);
  let allMet = true;
  const results: SuiteResults = { suite: suite.name, rounds, ops, cases: {}, comparisons: {} };
  for (const c of suite.cases) results.cases[c.name] = summary(perRound.get(c.name)!);
  console.table(
    suite.cases.map((c) => {
      const s = results.cases[c.name];
      return {
        case: c.name,
        unit: c.unitsPerOp ? `per unit (${c.unitsPerOp})` : 'per op',
        min: fmt(s.min),
        median: fmt(s.median),
        'p25 – p75': spread(s, fmt),
      };
    }),
  );
  for (const cmp of suite.comparisons) {
    const a = perRound.get(cmp.subject)!;
    const b = perRound.get(cmp.baseline)!;
    const ratio = summary(over(a, b));
    const overheadNs = summary(minus(a, b));
    const met = cmp.target?.met(overheadNs.median, ratio.median, median(b));
    if (met === false) allMet = false;
    results.comparisons[cmp.name] = { ratio, overheadNs, target: cmp.target?.text, met };
  }
  if (suite.comparisons.length > 0) console.table(comparisonRows(results.comparisons));
  await suite.report?.(results);
  if (!reportMet(results)) allMet = false;
  saveResults(results);
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
  if ('run' in suite) {
    const results = await suite.run();
    saveResults(results);
    return reportMet(results);
  }
  return runSuite(suite);
}
