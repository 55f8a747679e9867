// @ts-check
// The run's trace file (OTLP/JSON lines, written by FileSpanExporter) and its viewer page (written
// by the `mellea-traces` command of @mellea/instrumentation-flows).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const require = createRequire(import.meta.url);

/** The `mellea-traces` script, as the package's `bin` names it. */
export function melleaTracesBin() {
  const manifest = require.resolve('@mellea/instrumentation-flows/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return path.join(path.dirname(manifest), bin['mellea-traces']);
}

/**
 * Runs `mellea-traces <args>` as a child process.
 * @param {string[]} args
 * @returns {{ code: number | null, stdout: string, stderr: string }}
 */
export function melleaTraces(args) {
  const r = spawnSync(process.execPath, [melleaTracesBin(), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The spans of an OTLP/JSON lines file, decoded as the loopback receiver decodes OTLP/JSON bodies.
 * @param {string} file
 * @returns {Promise<import('@mellea/test-otlp-receiver').DecodedSpan[]>}
 */
export async function readTraceFileSpans(file) {
  const { decodeJsonTraces, flattenSpans } = await tsImport('@mellea/test-otlp-receiver', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => flattenSpans(decodeJsonTraces(Buffer.from(line))));
}
