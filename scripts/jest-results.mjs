// Sums jest's JSON results files into the `N passed, N failed` every test run ends with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Sums jest JSON results files (absolute, or relative to the repository root). A missing or
 * unreadable file, or a suite that failed to load (it has no failed test of its own), counts as
 * one failure.
 */
export function tally(files) {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const r = JSON.parse(readFileSync(path.resolve(root, file), 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    } catch {
      failed += 1;
    }
  }
  return { passed, failed };
}
