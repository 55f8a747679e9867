import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/**
 * A throw-away application folder whose node_modules links the built @mellea/core-hooks (and,
 * on request, the fake @mellea/instrumentation-flows), so the package is loaded through its
 * exports map exactly as an installed dependency is.
 */
export function makeAppDir(opts: { withInstrumentation?: boolean } = {}): { dir: string; cleanup(): void } {
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'index.js')))
    throw new Error(
      'packages/core-hooks/dist is missing: run `pnpm --filter @mellea/core-hooks build` first',
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'core-hooks-app-'));
  const scope = path.join(dir, 'node_modules', '@mellea');
  mkdirSync(scope, { recursive: true });
  symlinkSync(PACKAGE_ROOT, path.join(scope, 'core-hooks'), 'dir');
  if (opts.withInstrumentation)
    cpSync(path.join(FIXTURES, 'fake-instrumentation-flows'), path.join(scope, 'instrumentation-flows'), {
      recursive: true,
    });
  cpSync(path.join(FIXTURES, 'apps'), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node script` and parses its stdout as JSON. */
export function runNodeJson(
  script: string,
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Record<string, any> {
  const env = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const out = execFileSync(process.execPath, [script], { cwd: opts.cwd, env, encoding: 'utf8' });
  return JSON.parse(out);
}
