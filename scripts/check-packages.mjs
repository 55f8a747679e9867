#!/usr/bin/env node
// publint and @arethetypeswrong/cli on each built public package.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const packages = ['core-hooks', 'instrumentation-flows', 'exporter-langfuse'];
let failures = 0;
for (const name of packages) {
  const dir = path.join(root, 'packages', name);
  for (const [bin, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--profile', 'node16']],
  ]) {
    const r = spawnSync('pnpm', ['exec', bin, ...args], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      failures++;
      console.error(`${bin} failed for packages/${name}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
