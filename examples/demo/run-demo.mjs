#!/usr/bin/env node
// @ts-check
// The demo: starts a mock OpenAI server and a loopback OTLP receiver, runs the demo app as a child
// process configured by environment variables, writes the run to traces/demo.jsonl and its viewer
// page to traces/demo.html, then checks the trace.
// Usage: node examples/demo/run-demo.mjs [--content] [--nodesdk] [--short] [--out <dir>] [--json <file>]
//   --content  also record prompts and completions (MELLEA_TRACES_CONTENT=1)
//   --nodesdk  run the app as an HTTP service traced by your own NodeSDK (HTTP spans around it all)
//   --short    no console tree and no receiver summary: the checks and the file paths only (CI)
//   --out      the folder for demo.jsonl and demo.html (default: traces/ at the repository root)
//   --json     write { spans, checks, app, files } to <file> (used by the end-to-end test)
// From your environment: OPENAI_BASE_URL (+ OPENAI_API_KEY) replaces the mock server;
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (or OTEL_EXPORTER_OTLP_ENDPOINT) replaces the loopback receiver;
// LANGFUSE_PUBLIC_KEY + LANGFUSE_SECRET_KEY also send the run to Langfuse.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockOpenAIServer } from '@mellea/mock-openai-server';
import { checkTrace } from './src/check-trace.mjs';
import { ENV_MODE, NODESDK_MODE } from './src/demo-modes.mjs';
import { printNextSteps } from './src/next-steps.mjs';
import { printSummary } from './src/print-summary.mjs';
import { appEnv, passThroughVars } from './src/run-app.mjs';
import { startReceiver } from './src/start-receiver.mjs';
import { melleaTraces, readTraceFileSpans } from './src/trace-file.mjs';

try {
  createRequire(import.meta.url).resolve('@mellea/instrumentation-flows');
} catch {
  console.error('The packages are not built: run `pnpm build` first (`pnpm demo` does both).');
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    content: { type: 'boolean', default: false },
    nodesdk: { type: 'boolean', default: false },
    short: { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('../../traces', import.meta.url)) },
    json: { type: 'string' },
  },
});
const mode = values.nodesdk ? NODESDK_MODE : ENV_MODE;
const print = (line = '') => console.log(line);
const rule = (/** @type {string} */ title) =>
  print(`\n── ${title} ${'─'.repeat(Math.max(0, 92 - title.length))}`);

const files = { jsonl: path.resolve(values.out, 'demo.jsonl'), html: path.resolve(values.out, 'demo.html') };
mkdirSync(values.out, { recursive: true });
rmSync(files.jsonl, { force: true }); // FileSpanExporter appends
rmSync(files.html, { force: true });

const yours = passThroughVars(process.env);
const mock = yours.OPENAI_BASE_URL ? undefined : await startMockOpenAIServer();
const receiver = yours.collector ? undefined : await startReceiver();
let exitCode = 0;
try {
  const vars = {
    ...mode.vars({
      baseURL: mock?.baseURL,
      content: values.content,
      file: files.jsonl,
      console: !values.short,
    }),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver?.tracesUrl,
    ...yours.vars,
  };
  rule(mode.title);
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) continue;
    const shown = /KEY|SECRET/.test(k) ? '(set)' : v;
    const note =
      k === 'OPENAI_BASE_URL' && mock
        ? '   (the mock OpenAI-compatible server)'
        : v === receiver?.tracesUrl
          ? '   (the loopback OTLP receiver)'
          : '';
    print(`  ${k}=${shown}${note}`);
  }
  if (!values.short) print(mode.intro);
  print();
  const app = await mode.run(appEnv(vars), print);
  if (app.code !== 0) {
    print(`\nThe app exited with ${app.signal ?? `code ${app.code}`}.`);
    exitCode = 1;
  }

  if (receiver && !values.short) {
    rule('What the collector got (OTLP/HTTP, decoded by the loopback receiver)');
    if (receiver.spans().length === 0) print('The OTLP receiver got no spans.');
    else printSummary(receiver.spans(), receiver, print);
  }

  rule('The run, written to disk');
  /** @type {import('@mellea/test-otlp-receiver').DecodedSpan[]} */
  let spans = [];
  try {
    spans = await readTraceFileSpans(files.jsonl);
  } catch (err) {
    print(`  ${files.jsonl} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  let page;
  if (spans.length === 0) {
    print('  No spans were written: tracing was not set up from the environment, or the app failed');
    print('  (look above for a warning from @mellea/instrumentation-flows).');
    exitCode = 1;
  } else {
    page = melleaTraces(['html', files.jsonl, '-o', files.html]);
    if (page.code !== 0) {
      print(`  mellea-traces html failed: ${page.stderr.trim()}`);
      exitCode = 1;
    }
  }
  printNextSteps({ jsonl: files.jsonl, html: page?.code === 0 ? files.html : undefined }, print);

  const checks = spans.length ? checkTrace(spans, { http: mode.http }) : [];
  if (receiver && spans.length) {
    const got = receiver.spans().length;
    checks.push({
      ok: got === spans.length,
      what: `the OTLP receiver got the same ${spans.length} spans as the file`,
      ...(got === spans.length ? {} : { detail: `the receiver got ${got}` }),
    });
  }
  if (checks.length) {
    rule('Checks');
    for (const c of checks) print(`  ${c.ok ? '✓' : '✗'} ${c.what}${c.ok ? '' : `: ${c.detail}`}`);
    if (checks.some((c) => !c.ok)) exitCode = 1;
  }
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify({ spans, checks, app, files, received: receiver?.spans().length }, null, 2),
    );
  }
  print();
  print(exitCode === 0 ? 'Demo OK.' : 'Demo FAILED (see above).');
} finally {
  await Promise.all([receiver?.close(), mock?.close()]);
}
process.exitCode = exitCode;
