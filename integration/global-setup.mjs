// Installs the applications the integration tests run, once per run, each in its own folder
// outside the workspace: the packed packages (MELLEA_IT_PACKS) beside the pinned SDK line with
// `npm install --strict-peer-deps`. What each install printed is kept for install.test.ts.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const workspaceFixtures = path.join(
  here,
  '..',
  'packages',
  'instrumentation-flows',
  'test',
  'setup',
  'fixtures',
);

function run(node, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Copies the app files, installs the packs into it; then `npm ls --all`. */
async function install(dir, { node, from, packageJson }) {
  mkdirSync(dir, { recursive: true });
  if (from)
    for (const f of ['package.json', 'package-lock.json'])
      cpSync(path.join(here, from, f), path.join(dir, f));
  if (packageJson) writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  cpSync(path.join(here, 'fixtures'), dir, { recursive: true });
  cpSync(path.join(workspaceFixtures, 'lib'), path.join(dir, 'lib'), { recursive: true });
  cpSync(
    path.join(workspaceFixtures, 'node-sdk-span-limits.mjs'),
    path.join(dir, 'node-sdk-span-limits.mjs'),
  );
  const npm = process.env.MELLEA_IT_NPM_CLI;
  const packs = readdirSync(process.env.MELLEA_IT_PACKS)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => path.join(process.env.MELLEA_IT_PACKS, f));
  const installed = await run(
    node,
    [
      npm,
      'install',
      '--strict-peer-deps',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...packs,
    ],
    dir,
  );
  const ls = await run(node, [npm, 'ls', '--all'], dir);
  return { dir, node, install: installed, lsCode: ls.code, lsOutput: ls.stdout + ls.stderr };
}

/** The app files (fixtures), copied again into each app folder. */
function copyFixtures(dir) {
  cpSync(path.join(here, 'fixtures'), dir, { recursive: true });
  cpSync(path.join(workspaceFixtures, 'lib'), path.join(dir, 'lib'), { recursive: true });
  cpSync(
    path.join(workspaceFixtures, 'node-sdk-span-limits.mjs'),
    path.join(dir, 'node-sdk-span-limits.mjs'),
  );
}

export default async function globalSetup() {
  // While working on the tests: MELLEA_IT_REUSE=<a root of an earlier run> skips the installs.
  const reuse = process.env.MELLEA_IT_REUSE;
  if (reuse && existsSync(path.join(reuse, 'installs.json'))) {
    for (const app of ['sdk3', 'sdk2', 'no-sdk']) copyFixtures(path.join(reuse, app));
    process.env.MELLEA_IT_ROOT = reuse;
    return;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'mellea-it-'));
  const node = process.execPath; // the run's Node line (.ci/node-lines.mjs)
  const node20 = process.env.MELLEA_IT_NODE20;
  // A later Node line runs the SDK 3 tests alone: the SDK 2 app and the one without an SDK ran on the first.
  const all = process.env.MELLEA_IT_SDK3_ONLY !== '1';
  const [sdk3, sdk2, bare] = await Promise.all([
    install(path.join(root, 'sdk3'), { node, from: 'sdk3' }),
    all ? install(path.join(root, 'sdk2'), { node: node20, from: 'sdk2' }) : undefined,
    all
      ? install(path.join(root, 'no-sdk'), {
          node,
          packageJson: {
            name: 'no-sdk-app',
            private: true,
            type: 'module',
            dependencies: { '@opentelemetry/api': '1.10.0' },
          },
        })
      : undefined,
  ]);
  // JSON leaves out the apps this run did not install.
  writeFileSync(path.join(root, 'installs.json'), JSON.stringify({ sdk3, sdk2, bare }, null, 2));
  process.env.MELLEA_IT_ROOT = root;
}
