import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES } from './run-app';

const PACKAGES = path.resolve(__dirname, '..', '..', '..');
const FLOWS_MODULES = path.join(PACKAGES, 'instrumentation-flows', 'node_modules');

/** Where each package an app folder may link comes from (the built workspace packages). */
const SOURCES: Record<string, string> = {
  '@mellea/core-hooks': path.join(PACKAGES, 'core-hooks'),
  '@mellea/instrumentation-flows': path.join(PACKAGES, 'instrumentation-flows'),
  '@mellea/exporter-langfuse': path.join(PACKAGES, 'exporter-langfuse'),
  '@opentelemetry/api': path.join(FLOWS_MODULES, '@opentelemetry', 'api'),
};

/** A temporary application folder with only the given packages installed (symlinked). */
export interface AppFolder {
  dir: string;
  remove(): void;
}

/**
 * Makes an application folder outside the workspace: the fixture files copied in, and a
 * `node_modules` holding only `packages`, so a package left out is really not installed for it.
 */
export function makeAppFolder(packages: (keyof typeof SOURCES)[], fixtureFiles: string[]): AppFolder {
  const dir = mkdtempSync(path.join(tmpdir(), 'mellea-app-'));
  for (const name of packages) {
    const link = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(SOURCES[name], link, 'dir');
  }
  for (const file of fixtureFiles) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(FIXTURES, file), path.join(dir, file));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
