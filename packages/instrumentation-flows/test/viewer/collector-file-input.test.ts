import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

// `mellea-traces` as users get it: the package packed by pnpm, unpacked, and its `bin` run with node.
// The unpacked copy sits inside the package folder (.tmp/, ignored by git) so it resolves the
// package's dependencies as an installed copy would.
const PKG = path.resolve(__dirname, '../..');
const FIXTURE = path.join(__dirname, 'fixtures/collector-file-exporter.jsonl');

let work: string;
let bin: string;
beforeAll(() => {
  if (!existsSync(path.join(PKG, 'dist/bin/mellea-traces.js'))) {
    throw new Error('packages/instrumentation-flows is not built: run `pnpm build` first (`pnpm test` does)');
  }
  mkdirSync(path.join(PKG, '.tmp'), { recursive: true });
  work = mkdtempSync(path.join(PKG, '.tmp', 'packed-'));
  const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: PKG, encoding: 'utf8' });
  const tarball = out.trim().split('\n').pop() as string;
  execFileSync('tar', ['-xzf', path.resolve(work, tarball), '-C', work]);
  const manifest = JSON.parse(readFileSync(path.join(work, 'package/package.json'), 'utf8'));
  bin = path.join(work, 'package', manifest.bin['mellea-traces']);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const melleaTraces = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

it('ships the command as a node script in the packed package', () => {
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

it('prints the tree of a file the OpenTelemetry Collector file exporter wrote (two resources, metrics skipped)', () => {
  const r = melleaTraces('tree', FIXTURE);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(
    [
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      'POST /tickets  2.00 s  OK',
      '└─ invoke_agent support-agent  1.80 s  UNSET',
      '   ├─ chat gpt-4o  1.00 s  UNSET  model=gpt-4o-2024-08-06  tokens in=1200 out=85  first chunk 250.0 ms',
      '   └─ chat gpt-4o-mini  50.0 ms  ERROR (429 slow down)  model=gpt-4o-mini',
      '',
    ].join('\n'),
  );
  expect(r.stderr).toBe(`mellea-traces: ${FIXTURE}: skipped 1 metrics/logs line(s)\n`);
});

it('writes the page of that file: services, session, user, tags, and the GenAI summary', () => {
  const out = path.join(work, 'collector.html');
  const r = melleaTraces('html', FIXTURE, '-o', out);
  expect([r.status, r.stdout]).toEqual([0, `${out}  (4 spans in 1 trace(s))\n`]);
  const html = readFileSync(out, 'utf8');
  const data = JSON.parse(
    html.match(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s)![1],
  );
  const [trace] = data.traces;
  expect(trace).toMatchObject({
    id: '4bf92f3577b34da6a3ce929d0e0e4736',
    name: 'POST /tickets',
    service: 'frontend',
    sessionId: 'sess-7',
    userId: 'u-1',
    tags: ['prod'],
    duration: 2000,
    errors: 1,
  });
  expect(trace.spans.map((s: any) => [s.name, s.depth, s.status, s.parent])).toEqual([
    ['POST /tickets', 0, 'ok', ''],
    ['invoke_agent support-agent', 1, 'unset', '53995c3f42cd8ad8'],
    ['chat gpt-4o', 2, 'unset', '00f067aa0ba902b7'],
    ['chat gpt-4o-mini', 2, 'error', '00f067aa0ba902b7'],
  ]);
  expect(trace.spans[2]).toMatchObject({
    start: 200,
    duration: 1000,
    timeToFirstChunk: 250,
    generation: {
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      requestModel: 'gpt-4o',
      inputTokens: 1200,
      outputTokens: 85,
      cachedTokens: 1024,
      finishReasons: ['stop'],
    },
  });
  expect(data.resources[trace.spans[2].resource]).toEqual({
    'service.name': 'llm-backend',
    'host.cpu.count': 8,
  });
});

it('names the file and the line when a line is not OTLP/JSON', () => {
  const r = melleaTraces('tree', path.join(__dirname, 'collector-file-input.test.ts'));
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^mellea-traces: .*collector-file-input\.test\.ts:1: not OTLP\/JSON \(/);
});
