// @ts-check
// Runs a demo app as a real child process, configured through environment variables only.
import { spawn } from 'node:child_process';

/** Variables from the caller's environment that would change what the demo shows. */
const FOREIGN = /^(OTEL_|MELLEA_|LANGFUSE_)/;

/**
 * What the user's own environment adds to the run: a real provider (`OPENAI_BASE_URL`,
 * `OPENAI_API_KEY`, model names), their collector (an OTLP endpoint variable, which then replaces
 * the loopback receiver), Langfuse keys (which switch `MELLEA_TRACES_LANGFUSE` on).
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ vars: Record<string, string>, OPENAI_BASE_URL?: string, collector?: string }}
 */
export function passThroughVars(env) {
  /** @type {Record<string, string>} */
  const vars = {};
  const take = (/** @type {RegExp} */ pattern) => {
    for (const [k, v] of Object.entries(env)) if (pattern.test(k) && v) vars[k] = v;
  };
  take(/^OPENAI_(BASE_URL|API_KEY|MODEL|COMPLETION_MODEL|EMBEDDING_MODEL)$/);
  take(/^OTEL_EXPORTER_OTLP_/);
  const collector = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (env.LANGFUSE_PUBLIC_KEY && env.LANGFUSE_SECRET_KEY) {
    take(/^LANGFUSE_/);
    vars.MELLEA_TRACES_LANGFUSE = '1';
  }
  return { vars, OPENAI_BASE_URL: vars.OPENAI_BASE_URL, collector };
}

/**
 * The child's environment: the caller's, minus tracing settings, plus `vars`.
 * @param {Record<string, string | undefined>} vars
 * @returns {Record<string, string>}
 */
export function appEnv(vars) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !FOREIGN.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * @typedef {{ code: number | null, signal: string | null, stdout: string, stderr: string }} AppExit
 * @typedef {{ pid: number | undefined, done: Promise<AppExit>, waitForLine(pattern: RegExp): Promise<RegExpMatchArray>,
 *   stop(): void }} RunningApp
 */

/**
 * Spawns `node ...args`, forwarding its output live and collecting it.
 * @param {string[]} args node arguments: flags, the script, its arguments
 * @param {Record<string, string>} env
 * @returns {RunningApp}
 */
export function startApp(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  /** @type {Set<() => void>} */
  const listeners = new Set();
  child.stdout.on('data', (d) => {
    stdout += d;
    process.stdout.write(d);
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    process.stderr.write(d);
  });
  const done = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    pid: child.pid,
    done,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = stdout.match(pattern);
          if (m) {
            listeners.delete(check);
            resolve(m);
          }
        };
        listeners.add(check);
        check();
        done.then(() => reject(new Error(`the app exited before printing ${pattern}`)));
      }),
    stop: () => child.kill('SIGTERM'),
  };
}
