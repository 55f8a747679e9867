import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { HookBus, runGeneration } from '@mellea/core-hooks';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../collectors/console-tree-exporter';
import { FileSpanExporter } from '../collectors/file-span-exporter';
import { traceAgent } from '../flows/trace-agent';
import { traceWorkflow } from '../flows/trace-workflow';
import { BackendTracingPlugin } from '../plugin/backend-tracing-plugin';
import { setupTracingTestEnv, type TracingTestEnv } from '../test-support/tracing-test-env';
import { defaultHtmlPath, runCli } from './cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mellea-traces-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('with a trace written by FileSpanExporter', () => {
  let env: TracingTestEnv;
  let file: string;
  let consoleText: string;
  beforeEach(async () => {
    file = join(dir, 'run.jsonl');
    consoleText = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        consoleText += String(chunk);
        done();
      },
    });
    const fileExporter = new FileSpanExporter({ path: file });
    env = setupTracingTestEnv({
      spanProcessors: [
        new SimpleSpanProcessor(new ConsoleTreeExporter({ stream })),
        new SimpleSpanProcessor(fileExporter),
      ],
    });
    const bus = new HookBus();
    const unregister = new BackendTracingPlugin({ metrics: false }).register(bus);
    const chat = (model: string, fail: boolean) =>
      runGeneration(
        { operation: 'chat', provider: 'openai', model },
        async () => {
          if (fail) throw new Error('rate limited');
          return 'ok';
        },
        () => ({ model, usage: { inputTokens: 12, outputTokens: 34 } }),
        { bus },
      );
    await traceWorkflow('research', () =>
      traceAgent('writer', async () => {
        await chat('gpt-4o', false);
        await chat('gpt-4o-mini', true).catch(() => undefined);
      }),
    );
    await traceWorkflow('second', async () => undefined);
    unregister();
    await fileExporter.forceFlush();
  });
  afterEach(() => env.close());

  it('`tree` prints exactly what ConsoleTreeExporter printed for the same spans', () => {
    const r = run('tree', file);
    expect(r).toEqual({ code: 0, out: consoleText, err: '' });
    expect(r.out).toContain('└─ chat gpt-4o-mini');
    expect(r.out).toMatch(/ERROR \(rate limited\)/);
  });

  it('`html` writes a self-contained page next to the file, or to -o', () => {
    const r = run('html', file);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${join(dir, 'run.html')}  (5 spans in 2 trace(s))\n`);
    const html = readFileSync(join(dir, 'run.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const data = JSON.parse(
      html.match(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s)![1],
    );
    expect(data.traces.map((t: { name: string }) => t.name)).toEqual([
      'invoke_workflow research',
      'invoke_workflow second',
    ]);
    expect(data.traces[0].spans.map((s: { name: string; depth: number }) => `${s.depth} ${s.name}`)).toEqual([
      '0 invoke_workflow research',
      '1 invoke_agent writer',
      '2 chat gpt-4o',
      '2 chat gpt-4o-mini',
    ]);
    expect(data.traces[0].spans[2].generation).toEqual({
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o',
      requestModel: 'gpt-4o',
      inputTokens: 12,
      outputTokens: 34,
    });
    expect(data.traces[0].errors).toBe(1);

    const out = join(dir, 'elsewhere.html');
    expect(run('html', file, '-o', out)).toMatchObject({ code: 0, out: expect.stringContaining(out) });
    expect(readFileSync(out, 'utf8')).toContain('invoke_workflow second');
  });
});

it('keeps attribute text that looks like markup inert in the page', () => {
  const file = join(dir, 'xss.jsonl');
  const attr = { key: 'note', value: { stringValue: '</script><script>alert(1)</script>' } };
  const span = {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    name: '<b>x</b>',
    kind: 1,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    attributes: [attr],
  };
  writeFileSync(file, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
  expect(run('html', file).code).toBe(0);
  const html = readFileSync(join(dir, 'xss.html'), 'utf8');
  expect(html.match(/<\/script>/g)).toHaveLength(2); // the data element's and the script's own
  expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)');
});

it('exits 1 naming the file for a missing file, a bad line, or a file without spans', () => {
  const missing = join(dir, 'missing.jsonl');
  expect(run('tree', missing)).toEqual({
    code: 1,
    out: '',
    err: `mellea-traces: ${missing}: cannot read the trace file (no such file)\n`,
  });
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"resourceSpans":[]}\nnot json\n');
  const r = run('html', bad);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(
    new RegExp(`^mellea-traces: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not OTLP/JSON`),
  );
  const empty = join(dir, 'empty.jsonl');
  writeFileSync(empty, '\n');
  expect(run('tree', empty)).toEqual({
    code: 1,
    out: '',
    err: `mellea-traces: ${empty}: no spans in the file\n`,
  });
});

it('exits 2 with the usage for a usage mistake, and 0 with it for --help', () => {
  for (const argv of [
    [],
    ['show', 'x'],
    ['tree'],
    ['tree', 'a', 'b'],
    ['tree', 'a', '-o', 'b'],
    ['html', 'a', '--nope'],
  ]) {
    const r = run(...argv);
    expect([argv, r.code, r.out]).toEqual([argv, 2, '']);
    expect(r.err).toMatch(/^mellea-traces: .+\n\nUsage:\n {2}mellea-traces tree <file>/);
  }
  expect(run('--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage:/), err: '' });
});

it('names the page after the trace file', () => {
  expect(defaultHtmlPath('traces/demo.jsonl')).toBe('traces/demo.html');
  expect(defaultHtmlPath('out.json')).toBe('out.html');
  expect(defaultHtmlPath('spans')).toBe('spans.html');
});
