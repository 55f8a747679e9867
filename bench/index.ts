// `pnpm bench`: builds the packages, then runs every suite imported below and prints its tables.
// Add a suite: create bench/<name>.bench.ts calling registerSuite(...), and import it here.
// Optional argument: a substring of suite names to run only those (`pnpm bench core-hooks`).
import { runRegisteredSuites } from './harness';
import './core-hooks.bench';
import './plugin.bench';

runRegisteredSuites(process.argv[2]).then(
  (ok) => {
    console.log(ok ? '\nAll benchmark targets met.' : '\nSome benchmark targets were NOT met (see tables).');
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
