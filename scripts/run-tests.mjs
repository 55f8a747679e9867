#!/usr/bin/env node
// Runs jest once for every package (GC exposed for the FinalizationRegistry tests), writes jest's
// JSON results to .jest-results.json and ends with one plain line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tally } from './jest-results.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, process.env.MELLEA_TEST_RESULTS ?? '.jest-results.json');
rmSync(out, { force: true });
const jest = createRequire(path.join(root, 'package.json')).resolve('jest/bin/jest');
const args = ['--expose-gc', jest, '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
if (process.env.CI && !args.some((a) => a.startsWith('--maxWorkers') || a === '-w'))
  args.push('--maxWorkers=2');
// Tests that start a NodeSDK export traces only; its default OTLP metrics and logs exporters would
// send to localhost:4318, where one set-up test listens to see that nothing arrives.
const env = {
  ...process.env,
  OTEL_METRICS_EXPORTER: process.env.OTEL_METRICS_EXPORTER ?? 'none',
  OTEL_LOGS_EXPORTER: process.env.OTEL_LOGS_EXPORTER ?? 'none',
};
const run = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });

const { passed, failed } = tally([out]);
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
