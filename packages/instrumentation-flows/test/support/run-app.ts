import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The fixture apps' folder. */
export const FIXTURES = path.join(__dirname, '..', 'setup', 'fixtures');

/**
 * Env for a child app that starts a NodeSDK: traces only, so its default OTLP metrics and logs
 * exporters do not send to localhost:4318.
 */
export const QUIET_SDK = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

/** How a child app ended, and what it wrote. */
export interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link startApp} / {@link runApp}. */
export interface AppOptions {
  /** Environment variables on top of a clean environment (no MELLEA_* or OTEL_* inherited). */
  env?: Record<string, string | undefined>;
  /** Node flags before the script, e.g. `['--import', '@mellea/instrumentation-flows/register']`. */
  nodeArgs?: string[];
  /** Arguments after the script. */
  args?: string[];
  /** Working directory; default the fixtures folder. */
  cwd?: string;
  /** The Node.js binary; default the one running the tests. */
  node?: string;
  /** Kill the child after this long (a safety net, so a hung child fails the test). Default 25 s. */
  safetyNetMs?: number;
}

/** A running child app. */
export interface StartedApp {
  child: ChildProcess;
  /** Resolves when stdout has printed a line matching `pattern`. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Resolves when the process ended. */
  exited: Promise<AppRun>;
}

// A safety net only: a child that never ends is killed so the test fails with its output.
const SAFETY_NET_MS = 25_000;

function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('MELLEA_') || k.startsWith('OTEL_') || k.startsWith('LANGFUSE_') || k === 'NODE_OPTIONS')
      continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `node [nodeArgs] <script> [args]` with a clean environment plus `opts.env`. */
export function startApp(script: string, opts: AppOptions = {}): StartedApp {
  const scriptPath = path.isAbsolute(script) ? script : path.join(FIXTURES, script);
  const child = spawn(
    opts.node ?? process.execPath,
    [...(opts.nodeArgs ?? []), scriptPath, ...(opts.args ?? [])],
    {
      cwd: opts.cwd ?? FIXTURES,
      env: cleanEnv(opts.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const outputWaiters: { pattern: RegExp; resolve(): void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    for (const w of outputWaiters.splice(0)) {
      if (w.pattern.test(stdout)) w.resolve();
      else outputWaiters.push(w);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const safetyNet = setTimeout(() => child.kill('SIGKILL'), opts.safetyNetMs ?? SAFETY_NET_MS);
  const exited = new Promise<AppRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(safetyNet);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    exited,
    waitForOutput: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        outputWaiters.push({ pattern, resolve });
        exited.then((run) => {
          if (!pattern.test(run.stdout)) {
            reject(new Error(`app ended before printing ${pattern}: ${JSON.stringify(run)}`));
          }
        });
      }),
  };
}

/** Runs a child app to its end. */
export function runApp(script: string, opts: AppOptions = {}): Promise<AppRun> {
  return startApp(script, opts).exited;
}

/** The lines of `stderr` written by this package's set-up warnings. */
export function setupWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('[@mellea/instrumentation-flows]'));
}

/** The JSON object the fixture printed on its last stdout line. */
export function lastJson<T = Record<string, unknown>>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
