// @ts-check
// The two ways the demo runs the app: set up by environment variables only (the default), or as
// an HTTP service with the user's own NodeSDK (`--nodesdk`).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startApp } from './run-app.mjs';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(`../${file}`, import.meta.url));

/**
 * @typedef {{ baseURL: string | undefined, content: boolean, file: string, console: boolean }} ModeInput
 * @typedef {{ title: string, intro: string, http: boolean,
 *   vars(input: ModeInput): Record<string, string | undefined>,
 *   run(env: Record<string, string>, print: (line: string) => void): Promise<import('./run-app.mjs').AppExit> }} DemoMode
 */

/** `node app.mjs` with MELLEA_TRACES_ENABLED=1: the app has no tracing set-up code. */
export const ENV_MODE = /** @type {DemoMode} */ ({
  title: 'The app (examples/demo/app.mjs), run as a child process with only these variables set',
  intro:
    'Its output, then the console trace tree (ConsoleTreeExporter, on stderr) as the spans are exported:',
  http: false,
  vars: ({ baseURL, content, file, console }) => ({
    MELLEA_TRACES_ENABLED: '1',
    MELLEA_TRACES_CONSOLE: console ? '1' : undefined,
    MELLEA_TRACES_FILE: file,
    MELLEA_TRACES_CONTENT: content ? '1' : undefined,
    OTEL_SERVICE_NAME: 'mellea-demo',
    OPENAI_BASE_URL: baseURL,
  }),
  run: (env) => startApp([here('app.mjs')], env).done,
});

/** `node --import ./otel-sdk.mjs http-app.mjs`, one POST /tickets, then SIGTERM. */
export const NODESDK_MODE = /** @type {DemoMode} */ ({
  title: 'The app as an HTTP service (http-app.mjs) with your own NodeSDK (otel-sdk.mjs), with',
  intro: 'It gets one POST /tickets, then SIGTERM (the SDK flushes on shutdown). Its output and trace tree:',
  http: true,
  vars: ({ baseURL, content, file, console }) => ({
    MELLEA_TRACES_CONTENT: content ? '1' : undefined,
    MELLEA_TRACES_CONSOLE: console ? '1' : undefined,
    MELLEA_TRACES_FILE: file,
    OTEL_SERVICE_NAME: 'mellea-demo',
    OPENAI_BASE_URL: baseURL,
    // The demo exports traces only: NodeSDK would otherwise send metrics and logs to localhost:4318.
    OTEL_METRICS_EXPORTER: process.env.OTEL_METRICS_EXPORTER ?? 'none',
    OTEL_LOGS_EXPORTER: process.env.OTEL_LOGS_EXPORTER ?? 'none',
  }),
  run: async (env, print) => {
    const app = startApp(['--import', pathToFileURL(here('otel-sdk.mjs')).href, here('http-app.mjs')], env);
    try {
      const [, url] = await app.waitForLine(/listening (http:\/\/\S+)/);
      const res = await fetch(`${url}/tickets`, { method: 'POST' });
      await res.text();
      print(`  POST ${url}/tickets → ${res.status}`);
      app.stop();
    } catch (err) {
      print(`  ${err instanceof Error ? err.message : String(err)}`);
      app.stop();
    }
    return app.done;
  },
});
