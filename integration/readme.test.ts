import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useReceivers } from '../packages/instrumentation-flows/test/support/receivers';
import { runApp } from '../packages/instrumentation-flows/test/support/run-app';

const repo = path.join(__dirname, '..');
const rootReadme = readFileSync(path.join(repo, 'README.md'), 'utf8');
const flowsReadme = readFileSync(path.join(repo, 'packages', 'instrumentation-flows', 'README.md'), 'utf8');

/** The command on the line after `marker` (a line of the root README, or its start) . */
function commandAfter(marker: string): string {
  const lines = rootReadme.split('\n');
  const at = lines.findIndex((l) => l === marker || l.startsWith(marker));
  if (at < 0) throw new Error(`README has no line "${marker}"`);
  const next = lines.slice(at + 1).find((l) => l.startsWith('npm install '));
  if (!next) throw new Error(`README has no npm install line after "${marker}"`);
  return next;
}

/** The first ts block of the flows README section `heading`. */
function tsExampleOf(heading: string): string {
  const start = flowsReadme.indexOf(`\n### ${heading}\n`);
  const end = flowsReadme.indexOf('\n### ', start + 1);
  const match = /```ts\n([\s\S]*?)```/.exec(flowsReadme.slice(start, end));
  if (!match) throw new Error(`no ts example under "${heading}"`);
  return match[1];
}

/** A folder whose `node` and `npm` are this Node.js (22): the README's lines run as written. */
function node22Bin(root: string): string {
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, 'node'));
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh\nexec "${process.execPath}" "${process.env.MELLEA_IT_NPM_CLI}" "$@"\n`,
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
  return bin;
}

function sh(command: string, cwd: string, bin: string) {
  const r = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      PACKS: process.env.MELLEA_IT_PACKS,
      npm_config_strict_peer_deps: 'true',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
  });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const peerTrouble = (output: string) => output.split('\n').filter((l) => /peer|ERESOLVE/i.test(l));

describe(`the README's install lines, in an app folder outside the workspace (Node ${process.versions.node})`, () => {
  const receiver = useReceivers();
  const root = mkdtempSync(path.join(os.tmpdir(), 'mellea-readme-'));
  const app = path.join(root, 'app');
  const bin = node22Bin(root);
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'readme-app', private: true, type: 'module' }),
  );

  it('installs the NodeSDK line with strict peer checks, then runs the README NodeSDK snippet and the spans arrive', async () => {
    const install = sh(commandAfter('# NodeSDK, Node.js >= 22.15 (SDK 3):'), app, bin);
    expect(install.code).toBe(0);
    expect(peerTrouble(install.output)).toEqual([]);

    cpSync(
      path.join(repo, 'packages', 'instrumentation-flows', 'test', 'setup', 'fixtures', 'lib'),
      path.join(app, 'lib'),
      {
        recursive: true,
      },
    );
    const snippet = tsExampleOf('Your own `NodeSDK`');
    const generation = [
      "const { runGeneration } = await import('@mellea/core-hooks');",
      "const { startLlmServer } = await import('./lib/llm-server.mjs');",
      'const llm = await startLlmServer();',
      'await runGeneration(',
      "  { operation: 'chat', provider: 'openai', model: 'readme-model' },",
      "  async () => (await fetch(llm.url, { method: 'POST', body: '{}' })).json(),",
      "  (r) => ({ id: r.id, finishReasons: ['stop'] }),",
      ');',
      'llm.close();',
    ].join('\n');
    expect(snippet).toMatch(/^\/\/ \.\.\. generations.*$/m);
    writeFileSync(path.join(app, 'app.mjs'), snippet.replace(/^\/\/ \.\.\. generations.*$/m, generation));

    const collector = await receiver();
    const run = await runApp(path.join(app, 'app.mjs'), {
      cwd: app,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const spans = collector.spans();
    const chat = spans.find((s) => s.name === 'chat readme-model');
    expect(chat?.resource['service.name']).toBe('my-agent');
    const fetchSpan = spans.find((s) => s.scopeName.includes('undici'));
    expect(fetchSpan?.parentSpanId).toBe(chat?.spanId);
  });

  it('installs the env-only line with strict peer checks, and the three variables trace the app', async () => {
    const envApp = path.join(root, 'env-app');
    mkdirSync(envApp);
    writeFileSync(
      path.join(envApp, 'package.json'),
      JSON.stringify({ name: 'readme-env-app', private: true }),
    );
    const install = sh(commandAfter('Environment variables only'), envApp, bin);
    expect(install.code).toBe(0);
    expect(peerTrouble(install.output)).toEqual([]);
    cpSync(path.join(__dirname, 'fixtures', 'generations-only.mjs'), path.join(envApp, 'app.mjs'));
    const collector = await receiver();
    const run = await runApp(path.join(envApp, 'app.mjs'), {
      cwd: envApp,
      env: {
        MELLEA_TRACES_ENABLED: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_SERVICE_NAME: 'my-agent',
      },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const chat = collector.spans().find((s) => s.name === 'chat register-model');
    expect(chat?.resource['service.name']).toBe('my-agent');
  });

  it('then takes `npm install @opentelemetry/sdk-node@latest` without ERESOLVE', () => {
    const upgrade = sh('npm install @opentelemetry/sdk-node@latest', app, bin);
    expect(upgrade.code).toBe(0);
    expect(peerTrouble(upgrade.output)).toEqual([]);
  });
});
