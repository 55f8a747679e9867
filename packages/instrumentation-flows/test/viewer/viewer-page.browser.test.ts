import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HookBus, runGeneration } from '@mellea/core-hooks';
import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Page } from 'playwright-core';
import { BackendTracingPlugin, FileSpanExporter } from '../../src';
import { type DemoRun, runDemo } from '../demo/run-demo';
import { type HeadlessChromium, launchChromium } from '../support/headless-chromium';

// The viewer page in a real headless Chromium (Debian's `chromium`, driven by playwright-core). The
// pages are made by the built `mellea-traces` command, as users run it.
const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.resolve(__dirname, '../../dist/bin/mellea-traces.js');
/** Kept after the run (ignored by git): the demo page's screenshot and the 10,000-span measurements. */
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let chromium: HeadlessChromium;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'viewer-page-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  chromium = await launchChromium();
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

function htmlFor(jsonl: string, name: string): string {
  const input = path.join(dir, `${name}.jsonl`);
  const output = path.join(dir, `${name}.html`);
  writeFileSync(input, jsonl);
  const r = spawnSync(process.execPath, [BIN, 'html', input, '-o', output], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mellea-traces html failed: ${r.stderr}`);
  return output;
}

/** Opens a page from file://, failing on any script error or any request it makes. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await chromium.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { page, problems };
}

const visibleNames = (page: Page) =>
  page.$$eval('#traces [data-span-id]', (rows) =>
    rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.querySelector('.name')?.textContent),
  );

/** Types `text` into the filter and waits until the page has applied it (it counts its filter runs). */
async function filterBy(page: Page, text: string): Promise<void> {
  const runs = Number((await page.getAttribute('body', 'data-filter-runs')) ?? 0);
  await page.fill('#filter', text);
  await page.waitForFunction((n) => Number(document.body.dataset.filterRuns ?? 0) > n, runs);
}

describe('the demo page', () => {
  let run: DemoRun;
  let page: Page;
  let problems: string[];
  let spans: DecodedSpan[];
  beforeAll(async () => {
    run = await runDemo(['--short']);
    if (run.code !== 0 || !run.html) throw new Error(`the demo failed:\n${run.stdout}\n${run.stderr}`);
    spans = run.spans;
    const file = path.join(dir, 'demo.html');
    writeFileSync(file, run.html);
    ({ page, problems } = await open(file));
  }, 120_000);

  it('renders one element per span with its id, parent id and status, and loads nothing', async () => {
    const rows = await page.$$eval('[data-span-id]', (els) =>
      els.map((e) => [
        e.getAttribute('data-span-id'),
        e.getAttribute('data-parent-span-id'),
        e.getAttribute('data-status'),
      ]),
    );
    expect(rows).toHaveLength(spans.length);
    const expected = spans.map((s) => [
      s.spanId,
      s.parentSpanId ?? '',
      s.status.code === 2 ? 'error' : 'unset',
    ]);
    expect([...rows].sort()).toEqual([...expected].sort());
    expect(problems).toEqual([]);
    const header = await page.textContent('section.trace header');
    for (const fact of [
      'invoke_workflow support-ticket',
      'session demo-session-42',
      'user user-ada',
      '#demo',
      '#support',
      '20 spans',
      '3 errors',
    ]) {
      expect(header).toContain(fact);
    }
  });

  it('marks the error spans in red, and the time to first chunk on both streams', async () => {
    const errors = await page.$$eval('[data-status="error"]', (els) =>
      els.map((e) => [
        e.querySelector('.name')?.textContent,
        getComputedStyle(e.querySelector('.bar')!).backgroundColor,
      ]),
    );
    expect(errors).toEqual([
      ['chat fail-model', 'rgb(214, 69, 69)'],
      ['POST', 'rgb(214, 69, 69)'],
      ['chat gpt-4o-mini', 'rgb(214, 69, 69)'],
    ]);
    const marked = await page.$$eval('.ttfc', (els) =>
      els.map((e) => e.closest('[data-span-id]')?.getAttribute('data-span-id')),
    );
    const streams = spans.filter((s) => s.attributes['gen_ai.response.time_to_first_chunk'] !== undefined);
    expect(marked.sort()).toEqual(streams.map((s) => s.spanId).sort());
    expect(marked).toHaveLength(2);
  });

  it('shows a span’s attributes, events and GenAI summary when it is clicked', async () => {
    const plan = spans.find((s) => s.name === 'chat o4-mini')!;
    await page.click(`[data-span-id="${plan.spanId}"]`);
    await page.waitForSelector('#details:not([hidden])');
    const details = (await page.textContent('#details')) ?? '';
    expect(details).toContain('chat o4-mini');
    const genai = await page.$$eval('#details .genai tr', (trs) => trs.map((tr) => tr.textContent));
    const a = plan.attributes;
    expect(genai).toEqual([
      'operationchat',
      'provideropenai',
      'modelo4-mini',
      `tokens in${a['gen_ai.usage.input_tokens']}`,
      `tokens out${a['gen_ai.usage.output_tokens']}`,
      `cached (in)${a['gen_ai.usage.cache_read.input_tokens']}`,
      `reasoning (out)${a['gen_ai.usage.reasoning.output_tokens']}`,
      'finish reasonsstop',
    ]);
    const attributes = await page.$$eval('#details .attributes tr', (trs) =>
      trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]),
    );
    expect(attributes).toContainEqual(['gen_ai.response.id', a['gen_ai.response.id']]);
    expect(attributes).toContainEqual(['session.id', 'demo-session-42']);
    expect(attributes).toContainEqual(['tag.tags', '["demo","support"]']);
    expect(attributes).toHaveLength(Object.keys(a).length);

    await page.click('[data-status="error"] >> nth=0');
    const events = await page.textContent('#details .events');
    expect(events).toContain('exception');
    expect(events).toContain('InternalServerError: 500 The mock server failed on purpose');
    expect(await page.getAttribute('.span.selected', 'data-span-id')).toBe(
      spans.find((s) => s.name === 'chat fail-model')!.spanId,
    );
  });

  it('filters by status, by name, and by attribute value, keeping the ancestors of matches as context', async () => {
    await filterBy(page, 'status:error');
    expect(await visibleNames(page)).toEqual([
      'invoke_workflow support-ticket',
      'invoke_agent support-agent',
      'chat fail-model',
      'POST',
      'chat gpt-4o-mini',
    ]);
    expect(
      await page.$$eval('.span.context', (els) => els.map((e) => e.querySelector('.name')?.textContent)),
    ).toEqual(['invoke_workflow support-ticket', 'invoke_agent support-agent']);
    expect(await page.textContent('#count')).toBe('3 of 20 spans match');

    // One match each, shown under its ancestors: by attribute key=value, by name, by any attribute value.
    for (const [query, match] of [
      ['gen_ai.request.model=o4-mini', 'chat o4-mini'],
      ['check_refund', 'execute_tool check_refund_policy'],
      ['text-embedding-3-small', 'embeddings text-embedding-3-small'],
    ]) {
      await filterBy(page, query);
      expect([query, await visibleNames(page)]).toEqual([
        query,
        ['invoke_workflow support-ticket', 'invoke_agent support-agent', match],
      ]);
    }

    await filterBy(page, '');
    expect(await page.textContent('#count')).toBe('20 spans');
    await page.selectOption('#status', 'error');
    expect(await page.textContent('#count')).toBe('3 of 20 spans match');
    await page.selectOption('#status', '');
    expect(await page.textContent('#count')).toBe('20 spans');
    expect(await visibleNames(page)).toHaveLength(20);
  });

  it('is kept as a screenshot (test-artifacts/viewer-demo.png), the streamed answer selected', async () => {
    const answer = spans.find(
      (s) => s.attributes['gen_ai.response.time_to_first_chunk'] !== undefined && s.status.code !== 2,
    )!;
    await page.click(`[data-span-id="${answer.spanId}"]`);
    expect(await page.textContent('#details .genai')).toContain('time to first chunk');
    const file = path.join(ARTIFACTS, 'viewer-demo.png');
    await page.screenshot({ path: file });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('captured content', () => {
  it('is shown as formatted JSON', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const bus = new HookBus();
    const unregister = new BackendTracingPlugin({
      tracerProvider: provider,
      metrics: false,
      captureContent: true,
    }).register(bus);
    await runGeneration(
      {
        operation: 'chat',
        provider: 'openai',
        model: 'gpt-4o',
        messages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi <there>' }] }],
      },
      async () => 'Hello!',
      () => ({
        outputMessages: [
          { role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }], finish_reason: 'stop' },
        ],
      }),
      { bus },
    );
    unregister();
    const jsonlFile = path.join(dir, 'content.jsonl');
    await new Promise((resolve) =>
      new FileSpanExporter({ path: jsonlFile }).export(exporter.getFinishedSpans(), resolve),
    );
    const { page, problems } = await open(htmlFor(readFileSync(jsonlFile, 'utf8'), 'content'));
    await page.click('[data-span-id]');
    const json = await page.$$eval('#details .attributes tr', (trs) =>
      Object.fromEntries(
        trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td pre.json')?.textContent]),
      ),
    );
    expect(JSON.parse(json['gen_ai.input.messages']!)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hi <there>' }] },
    ]);
    expect(json['gen_ai.input.messages']).toContain('\n  {\n    "role": "user",');
    expect(JSON.parse(json['gen_ai.output.messages']!)[0].parts[0].content).toBe('Hello!');
    expect(problems).toEqual([]);
    await page.close();
    await provider.shutdown();
  });
});

describe('a trace of 10,000 spans', () => {
  it('renders one element per span, scrolls and filters without freezing (measured)', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('load');
    const t0 = Date.now();
    const root = tracer.startSpan('invoke_workflow big', { startTime: t0 });
    for (let a = 0; a < 99; a++) {
      const agent = tracer.startSpan(
        `invoke_agent agent-${a}`,
        { startTime: t0 + a * 10 },
        trace.setSpan(ROOT_CONTEXT, root),
      );
      for (let g = 0; g < 100; g++) {
        const start = t0 + a * 10 + g * 0.09;
        const chat = tracer.startSpan(
          `chat model-${g % 7}`,
          {
            startTime: start,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': `model-${g % 7}`,
              'gen_ai.usage.input_tokens': g,
            },
          },
          trace.setSpan(ROOT_CONTEXT, agent),
        );
        if (g % 10 === 0) chat.setAttribute('gen_ai.response.time_to_first_chunk', 0.02);
        if ((a * 100 + g) % 97 === 0) chat.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
        chat.end(start + 0.08);
      }
      agent.end(t0 + a * 10 + 9.5);
    }
    root.end(t0 + 1000);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(10_000);
    const file = path.join(dir, 'big.jsonl');
    const writer = new FileSpanExporter({ path: file });
    for (let i = 0; i < spans.length; i += 1000) {
      await new Promise((resolve) => writer.export(spans.slice(i, i + 1000), resolve));
    }
    await provider.shutdown();
    const html = htmlFor(readFileSync(file, 'utf8'), 'big');

    const loadStart = Date.now();
    const { page, problems } = await open(html);
    const loadMs = Date.now() - loadStart;
    expect(await page.locator('[data-span-id]').count()).toBe(10_000);
    const renderMs = Number(await page.getAttribute('body', 'data-render-ms'));

    // Scroll the whole list in 40 steps, each step waiting for two animation frames (a frame was painted).
    const steps = await page.evaluate(async () => {
      const list = document.getElementById('traces') as HTMLElement;
      const times: number[] = [];
      for (let i = 1; i <= 40; i++) {
        const start = performance.now();
        list.scrollTop = (list.scrollHeight * i) / 40;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        times.push(performance.now() - start);
      }
      return times;
    });
    const lastVisible = await page.evaluate(() => {
      const rows = document.querySelectorAll('[data-span-id]');
      const box = rows[rows.length - 1].getBoundingClientRect();
      return box.bottom <= window.innerHeight && box.top >= 0;
    });
    expect(lastVisible).toBe(true);

    const filterStart = Date.now();
    await filterBy(page, 'status:error');
    const filterMs = Date.now() - filterStart;
    expect(await page.textContent('#count')).toBe(
      `${spans.filter((s) => s.status.code === SpanStatusCode.ERROR).length} of 10000 spans match`,
    );
    expect(problems).toEqual([]);
    await page.close();

    const measured = {
      spans: 10_000,
      loadMs,
      renderMs,
      scrollStepMaxMs: Math.round(Math.max(...steps)),
      scrollStepMedianMs: Math.round([...steps].sort((x, y) => x - y)[steps.length >> 1]),
      filterMs,
    };
    writeFileSync(path.join(ARTIFACTS, 'viewer-10k.json'), `${JSON.stringify(measured, null, 2)}\n`);
    console.log(`viewer, 10,000 spans: ${JSON.stringify(measured)}`);
    // Generous bounds (a loaded CI machine): a frozen page would take far longer.
    expect(loadMs).toBeLessThan(30_000);
    expect(measured.scrollStepMaxMs).toBeLessThan(3_000);
    expect(filterMs).toBeLessThan(10_000);
  }, 180_000);
});
