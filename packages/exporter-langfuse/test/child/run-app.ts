import { spawn } from 'node:child_process';
import path from 'node:path';
import type { AppRequest, AppResult } from './app-protocol';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const APP = path.join(__dirname, 'run-langfuse-app.ts');

/** Runs the child application with a clean OTEL_/LANGFUSE_ environment plus `request.env`. */
export function runApp(request: AppRequest): Promise<AppResult> {
  return runChildApp<AppResult>(APP, request);
}

/**
 * Runs the TypeScript `app` in a child process (`node --import tsx app '<request as JSON>'`, cwd the
 * workspace root) without the parent's `OTEL_*`, `LANGFUSE_*` and `MELLEA_*` variables, and resolves
 * with the JSON of its last stdout line; rejects when it exits non-zero or prints no JSON.
 */
export function runChildApp<R>(app: string, request: unknown): Promise<R> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('OTEL_') && !k.startsWith('LANGFUSE_') && !k.startsWith('MELLEA_')) env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', app, JSON.stringify(request)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child app exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as R);
      } catch (error) {
        reject(new Error(`child app printed no result (${String(error)}): ${out} ${err}`));
      }
    });
  });
}

/** Warnings of this package's diag namespace. */
export function langfuseWarnings(result: { logs: AppResult['logs'] }): string[] {
  return result.logs
    .filter((e) => e.level === 'warn' && e.text.startsWith('@mellea/exporter-langfuse'))
    .map((e) => e.text);
}

/**
 * Error-level lines other than the SDK's: a failed export is a failure for the SDK processor, whose
 * global error handler (diag.error by default) passes on our already redacted error; anything else
 * at error level is unexpected.
 */
export function unexpectedErrors(result: AppResult): string[] {
  return result.logs
    .filter((e) => e.level === 'error' && !/"message":"Langfuse export failed: /.test(e.text))
    .map((e) => e.text);
}
