import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What running a command printed. */
export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An application global-setup.mjs installed the packed packages into. */
export interface InstalledApp {
  dir: string;
  /** The Node.js binary it runs on (and installed with). */
  node: string;
  install: CommandRun;
  lsCode: number | null;
  lsOutput: string;
}

/**
 * The applications of this run: SDK 3 on the Node line it runs on (the later lines of
 * .ci/node-lines.mjs run the SDK 3 tests alone and install only that one), SDK 2 on Node 20, and
 * one without an SDK.
 */
export function installedApps(): { sdk3: InstalledApp; sdk2: InstalledApp; bare: InstalledApp } {
  const root = process.env.MELLEA_IT_ROOT;
  if (!root) throw new Error('MELLEA_IT_ROOT is not set: run the integration tests with integration/run.mjs');
  return JSON.parse(readFileSync(path.join(root, 'installs.json'), 'utf8'));
}

/** The version of `name` installed in `app`. */
export function installedVersion(app: InstalledApp, name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(path.join(app.dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
