#!/usr/bin/env node
// Writes the tarballs of the three public packages (`pnpm pack`: workspace ranges become real
// versions) to one folder, default `packs/` at the root, or the folder given as the argument.
// Run it through `pnpm pack:all`, which builds first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'packs'));
const packages = ['core-hooks', 'instrumentation-flows', 'exporter-langfuse'];

mkdirSync(out, { recursive: true });
for (const file of readdirSync(out))
  if (file.startsWith('mellea-') && file.endsWith('.tgz')) rmSync(path.join(out, file));
for (const name of packages) {
  // the pnpm running this script (`pnpm pack:all`), else the one on PATH
  const pnpm = process.env.npm_execpath?.includes('pnpm')
    ? [process.execPath, process.env.npm_execpath]
    : ['pnpm'];
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', out], {
    cwd: path.join(root, 'packages', name),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(`pnpm pack failed for packages/${name}`);
    process.exit(1);
  }
}
for (const file of readdirSync(out).sort()) if (file.endsWith('.tgz')) console.log(path.join(out, file));
