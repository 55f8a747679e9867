// `pnpm bench`: builds the packages, then runs every suite imported below and prints its tables.
// Add a suite: create bench/<name>.bench.ts calling registerSuite(...), and import it here.
// Optional argument: a substring of suite names to run only those (`pnpm bench core-hooks`).
// At the end it prints the report (Markdown: the machine, every suite's figures with their spread
// and targets); `pnpm bench --write-readme` (or BENCH_WRITE_README=1) also puts it in the results
// section of bench/README.md, which needs every suite (no filter).
//
// Each suite runs in a process of its own (this file again, with `--suite=<name>`): in one shared
// process the JIT state left by one suite (say, inline caches of the bus made megamorphic by the
// core-hooks suite's many plugins) would tax the next suite's subjects but not its hand-written
// baselines, which no real application would see.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flag, QUICK, registeredSuiteNames, runRegisteredSuite, type SuiteResults } from './harness';
import { reportMarkdown } from './report/markdown';
import { README, writeReadmeResults } from './report/readme';
import './core-hooks.bench';
import './diagnostics-channel.bench';
import './plugin.bench';
import './e2e.bench';
import './e2e-floor.bench';
import './export.bench';
import './memory.bench';

const NOT_MET = 3;
const suiteArg = process.argv.find((a) => a.startsWith('--suite='));

if (suiteArg !== undefined) {
  runRegisteredSuite(suiteArg.slice('--suite='.length)).then(
    (ok) => {
      if (!ok) process.exitCode = NOT_MET;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else {
  const filter = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const writeReadme = process.argv.includes('--write-readme') || flag(process.env.BENCH_WRITE_README);
  if (writeReadme && filter !== undefined) {
    console.error(`--write-readme needs every suite: run \`pnpm bench --write-readme\` without "${filter}".`);
    process.exit(2);
  }
  const names = registeredSuiteNames(filter);
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'mellea-bench-'));
  const started = Date.now();
  let met = names.length > 0;
  let failed = names.length === 0;
  for (const name of names) {
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, `--suite=${name}`], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
    });
    if (run.status === NOT_MET) met = false;
    else if (run.status !== 0) failed = true;
  }
  const results: SuiteResults[] = names
    .map((name) => path.join(resultsDir, `${name}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as SuiteResults);
  rmSync(resultsDir, { recursive: true, force: true });
  if (results.length > 0) {
    const report = reportMarkdown(
      { date: new Date(), quick: QUICK, seconds: (Date.now() - started) / 1000 },
      results,
    );
    console.log(`\n# Report\n\n${report}`);
    if (writeReadme && !failed) {
      writeReadmeResults(report);
      console.log(`\nWrote the results section of ${path.relative(process.cwd(), README)}.`);
    }
  }
  if (names.length === 0) console.error(`No benchmark suite matches "${filter}".`);
  else if (failed)
    console.error('\nA benchmark suite failed to run (see above); bench/README.md left as it was.');
  else
    console.log(met ? '\nAll benchmark targets met.' : '\nSome benchmark targets were NOT met (see tables).');
  if (failed) process.exitCode = 1;
}
