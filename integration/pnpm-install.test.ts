import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// pnpm takes a tarball's own dependencies from the registry, where our packages are not yet: the
// README's pnpm line points them at the tarballs with `pnpm.overrides`. With strict peer checks on,
// `pnpm add` beside SDK 3 must succeed and report no unmet or missing peer.
const packs = process.env.MELLEA_IT_PACKS as string;
const PNPM = 'pnpm@10.34.8';

describe('installing the packed packages with pnpm add (strict peer dependencies)', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('beside @opentelemetry/api 1.10, sdk-node and sdk-trace 3.x: exit 0, no unmet or missing peer', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mellea-pnpm-'));
    cpSync(path.join(__dirname, 'sdk3', 'package.json'), path.join(dir, 'package.json'));
    const tarballs = readdirSync(packs).filter((f) => f.endsWith('.tgz'));
    const overrides = Object.fromEntries(
      tarballs.map((f) => [
        `@mellea/${f.replace(/^mellea-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`,
        `file:${path.join(packs, f)}`,
      ]),
    );
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, pnpm: { overrides } }));
    const run = spawnSync(
      'npx',
      [
        '--yes',
        PNPM,
        'add',
        '--config.strict-peer-dependencies=true',
        '--config.auto-install-peers=false',
        ...tarballs.map((f) => path.join(packs, f)),
      ],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect(Object.keys(overrides).sort()).toEqual([
      '@mellea/core-hooks',
      '@mellea/exporter-langfuse',
      '@mellea/instrumentation-flows',
    ]);
    expect(output.split('\n').filter((l) => /unmet peer|missing peer|ERR_PNPM/i.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  });
});
