// Memory: peak RSS and heap (sampled, and after forced GC) after 100k chat generations, each
// configuration in a child process of its own so peaks do not mix: the example framework with
// BackendTracingPlugin on its default options (real SDK, BatchSpanProcessor to an exporter that
// drops every batch) against the framework uninstrumented, and the `openai` SDK with contrib's and
// OpenLLMetry's instrumentations against the `openai` SDK uninstrumented. BENCH_QUICK=1: 10k
// generations, 2 rounds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cannedRepliesToJson, mockServerReplies } from './e2e/transport';
import { type Figure, minus, QUICK, registerSuite } from './harness';
import { MEMORY_CONFIGS, type MemoryConfig, type MemoryFigures } from './memory/configs';
import { figure, printFigures } from './report/figures';

const GENERATIONS = QUICK ? 10_000 : 100_000;
const ROUNDS = QUICK ? 2 : 3;
const CHILD = path.join(__dirname, 'memory', 'memory-child.ts');
const FIGURES: [keyof MemoryFigures, string][] = [
  ['peakRssMB', 'peak RSS'],
  ['peakHeapMB', 'peak heap (sampled)'],
  ['rssAfterGcMB', 'RSS after GC'],
  ['heapAfterGcMB', 'heap after GC'],
];
const AGAINST: [MemoryConfig, MemoryConfig][] = [
  ['framework + plugin', 'framework'],
  ['openai + contrib', 'openai'],
  ['openai + OpenLLMetry', 'openai'],
];

function runChild(config: MemoryConfig, repliesFile: string): MemoryFigures {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, CHILD, config, repliesFile, String(GENERATIONS)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`memory child "${config}" exited with ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as MemoryFigures;
}

registerSuite({
  name: 'memory',
  async run() {
    const replies = await mockServerReplies();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mellea-bench-memory-'));
    const repliesFile = path.join(dir, 'replies.json');
    writeFileSync(repliesFile, cannedRepliesToJson(replies));
    const runs = new Map<MemoryConfig, MemoryFigures[]>(MEMORY_CONFIGS.map((c) => [c, []]));
    try {
      for (let r = 0; r < ROUNDS; r++) {
        for (let i = 0; i < MEMORY_CONFIGS.length; i++) {
          const config = MEMORY_CONFIGS[(i + r) % MEMORY_CONFIGS.length];
          runs.get(config)!.push(runChild(config, repliesFile));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const of = (c: MemoryConfig, key: keyof MemoryFigures) => runs.get(c)!.map((x) => x[key]);
    const figures: Figure[] = [];
    for (const [key, label] of FIGURES)
      for (const [subject, baseline] of AGAINST)
        figures.push(
          figure(`${label}: ${subject} − ${baseline}`, 'MB', minus(of(subject, key), of(baseline, key))),
        );
    for (const c of MEMORY_CONFIGS)
      for (const [key, label] of FIGURES) figures.push(figure(`${label}: ${c}`, 'MB', of(c, key)));
    const k = `${GENERATIONS / 1000}k`;
    printFigures(
      `memory  (${ROUNDS} interleaved rounds; a child process per configuration, ${k} generations each)`,
      `Chat generations one after another over the in-process transport. "ours": the example framework +\n` +
        'BackendTracingPlugin (default options), real SDK, BatchSpanProcessor to an exporter that drops\n' +
        'every batch; the peers: the `openai` SDK with each instrumentation on its defaults. Differences are\n' +
        'per round against the baseline measured in the same round.',
      figures,
    );
    return { suite: 'memory', rounds: ROUNDS, ops: GENERATIONS, cases: {}, comparisons: {}, figures };
  },
});
