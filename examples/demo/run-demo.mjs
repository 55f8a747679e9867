#!/usr/bin/env node
// The demo: starts a mock OpenAI server and a loopback OTLP receiver, runs the demo app as a child
// process configured by environment variables, then prints what the receiver decoded and checks it.
// Usage: node examples/demo/run-demo.mjs [--content] [--nodesdk] [--json <file>]
//   --content  also record prompts and completions (MELLEA_TRACES_CONTENT=1)
//   --nodesdk  run the app as an HTTP service traced by your own NodeSDK (HTTP spans around it all)
//   --json     write { spans, checks, app } to <file> (used by the end-to-end test)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { startMockOpenAIServer } from '@mellea/mock-openai-server';
import { checkTrace } from './src/check-trace.mjs';
import { ENV_MODE, NODESDK_MODE } from './src/demo-modes.mjs';
import { printSummary } from './src/print-summary.mjs';
import { appEnv } from './src/run-app.mjs';
import { startReceiver } from './src/start-receiver.mjs';

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
    json: { type: 'string' },
  },
});
const mode = values.nodesdk ? NODESDK_MODE : ENV_MODE;
const print = (line = '') => console.log(line);
const rule = (title) => print(`\n── ${title} ${'─'.repeat(Math.max(0, 92 - title.length))}`);

const mock = await startMockOpenAIServer();
const receiver = await startReceiver();
let exitCode = 0;
try {
  const vars = mode.vars({ tracesUrl: receiver.tracesUrl, baseURL: mock.baseURL, content: values.content });
  rule(mode.title);
  for (const [k, v] of Object.entries(vars)) {
    if (v !== undefined)
      print(`  ${k}=${v}${k === 'OPENAI_BASE_URL' ? '   (the mock OpenAI-compatible server)' : ''}`);
  }
  print(mode.intro);
  print();
  const app = await mode.run(appEnv(vars), print);
  if (app.code !== 0) {
    print(`\nThe app exited with ${app.signal ?? `code ${app.code}`}.`);
    exitCode = 1;
  }

  rule('What the collector got (OTLP/HTTP, decoded by the loopback receiver)');
  const spans = receiver.spans();
  if (spans.length === 0) {
    if (app.code !== 0) print('The OTLP receiver got no spans: the app failed (see its error above).');
    else {
      print('The OTLP receiver got no spans. Tracing was not set up from the environment, or the');
      print('exporter failed: look above for a warning from @mellea/instrumentation-flows.');
    }
    exitCode = 1;
  } else {
    printSummary(spans, receiver, print);
  }
  const checks = spans.length ? checkTrace(spans, { http: mode.http }) : [];
  if (checks.length) {
    rule('Checks');
    for (const c of checks) print(`  ${c.ok ? '✓' : '✗'} ${c.what}${c.ok ? '' : `: ${c.detail}`}`);
    if (checks.some((c) => !c.ok)) exitCode = 1;
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ spans, checks, app }, null, 2));
  print();
  print(exitCode === 0 ? 'Demo OK.' : 'Demo FAILED (see above).');
} finally {
  await Promise.all([receiver.close(), mock.close()]);
}
process.exitCode = exitCode;
