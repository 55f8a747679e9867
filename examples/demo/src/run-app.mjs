// Runs the demo app as a real child process, configured through environment variables only.
import { spawn } from 'node:child_process';

/** Variables from the caller's environment that would change what the demo shows. */
const FOREIGN = /^(OTEL_|MELLEA_|LANGFUSE_)/;

/**
 * The child's environment: the caller's, minus tracing settings, plus the demo's.
 * @param {{ tracesUrl: string, baseURL: string, content: boolean }} opts
 * @returns {Record<string, string>}
 */
export function appEnv({ tracesUrl, baseURL, content }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !FOREIGN.test(k)));
  return {
    ...env,
    MELLEA_TRACES_ENABLED: '1',
    MELLEA_TRACES_CONSOLE: '1',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesUrl,
    OTEL_SERVICE_NAME: 'mellea-demo',
    ...(content ? { MELLEA_TRACES_CONTENT: '1' } : {}),
    OPENAI_BASE_URL: baseURL,
  };
}

/**
 * Spawns `node <script>`, forwarding its output live and collecting it.
 * @param {string} script
 * @param {Record<string, string>} env
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string }>}
 */
export function runApp(script, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
