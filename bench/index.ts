// `pnpm bench`: builds the packages, then runs every suite imported below and prints its tables.
// Add a suite: create bench/<name>.bench.ts calling registerSuite(...), and import it here.
// Optional argument: a substring of suite names to run only those (`pnpm bench core-hooks`).
//
// Each suite runs in a process of its own (this file again, with `--suite=<name>`): in one shared
// process the JIT state left by one suite (say, inline caches of the bus made megamorphic by the
// core-hooks suite's many plugins) would tax the next suite's subjects but not its hand-written
// baselines, which no real application would see.
import { spawnSync } from 'node:child_process';
import { registeredSuiteNames, runRegisteredSuite } from './harness';
import './core-hooks.bench';
import './diagnostics-channel.bench';
import './plugin.bench';
import './e2e.bench';

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
  const names = registeredSuiteNames(filter);
  let met = names.length > 0;
  let failed = names.length === 0;
  for (const name of names) {
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, `--suite=${name}`], {
      stdio: 'inherit',
    });
    if (run.status === NOT_MET) met = false;
    else if (run.status !== 0) failed = true;
  }
  if (names.length === 0) console.error(`No benchmark suite matches "${filter}".`);
  else if (failed) console.error('\nA benchmark suite failed to run (see above).');
  else
    console.log(met ? '\nAll benchmark targets met.' : '\nSome benchmark targets were NOT met (see tables).');
  if (failed) process.exitCode = 1;
}
