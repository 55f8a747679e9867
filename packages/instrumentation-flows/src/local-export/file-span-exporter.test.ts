import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { traceStep } from '../flows/trace-step';
import { traceWorkflow } from '../flows/trace-workflow';
import { FileSpanExporter } from './file-span-exporter';

let env: TracingTestEnv;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-span-exporter-'));
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

function exportSpans(exporter: FileSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

async function makeSpans(name: string): Promise<ReadableSpan[]> {
  env.exporter.reset();
  await traceWorkflow(name, () => traceStep(`${name}-step`, async () => undefined));
  return env.spans();
}

it('appends one OTLP/JSON ExportTraceServiceRequest line per export, as the OTLP transformer makes it', async () => {
  const path = join(dir, 'traces.jsonl');
  const exporter = new FileSpanExporter({ path });
  const first = await makeSpans('first');
  const second = await makeSpans('second');
  expect(await exportSpans(exporter, first)).toEqual({ code: 0 });
  expect(await exportSpans(exporter, second)).toEqual({ code: 0 });

  const lines = (await readFile(path, 'utf8')).split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe('');
  const decode = (spans: ReadableSpan[]) =>
    new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans));
  expect(lines[0]).toBe(decode(first));
  expect(lines[1]).toBe(decode(second));

  const request = JSON.parse(lines[0]);
  const otlpSpans = request.resourceSpans[0].scopeSpans[0].spans;
  expect(otlpSpans.map((s: { name: string }) => s.name)).toEqual(['first-step', 'invoke_workflow first']);
  expect(otlpSpans[0].traceId).toBe(first[0].spanContext().traceId);
  expect(otlpSpans[0].spanId).toBe(first[0].spanContext().spanId);
  expect(otlpSpans[0].parentSpanId).toBe(first[1].spanContext().spanId);
});

it('writes lines in export order even when exports overlap', async () => {
  const path = join(dir, 'ordered.jsonl');
  const exporter = new FileSpanExporter({ path });
  const batches = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const spans = await makeSpans(`run-${i}`);
      return spans;
    }),
  );
  await Promise.all(batches.map((spans) => exportSpans(exporter, spans)));
  const names = (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).resourceSpans[0].scopeSpans[0].spans.at(-1).name);
  expect(names).toEqual(batches.map((spans) => spans.at(-1)!.name));
});

it('creates missing parent folders', async () => {
  const path = join(dir, 'a', 'b', 'traces.jsonl');
  const result = await exportSpans(new FileSpanExporter({ path }), await makeSpans('nested'));
  expect(result.code).toBe(0);
  expect(await readFile(path, 'utf8')).toContain('invoke_workflow nested');
});

it('reports a write error through the export result (FAILED, with the error) and never throws', async () => {
  const exporter = new FileSpanExporter({ path: dir }); // a folder: appending fails with EISDIR
  const spans = await makeSpans('lost');
  let result: ExportResult | undefined;
  expect(() => exporter.export(spans, (r) => (result = r))).not.toThrow();
  await exporter.forceFlush();
  expect(result).toMatchObject({ code: 1, error: { code: 'EISDIR' } });
  // the exporter keeps working for later exports to a good path
  expect((await exportSpans(new FileSpanExporter({ path: join(dir, 'ok.jsonl') }), spans)).code).toBe(0);
});

it('never throws when constructed without a path: its exports fail, saying so', async () => {
  let exporter: FileSpanExporter | undefined;
  expect(() => {
    exporter = new FileSpanExporter(undefined as never);
  }).not.toThrow();
  const result = await exportSpans(exporter!, await makeSpans('nowhere'));
  expect(result).toMatchObject({ code: 1, error: { message: 'FileSpanExporter was given no file path' } });
});

it('writes nothing for an empty batch', async () => {
  const path = join(dir, 'empty.jsonl');
  expect(await exportSpans(new FileSpanExporter({ path }), [])).toEqual({ code: 0 });
  await expect(readFile(path, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
});

it('waits for pending lines on shutdown and fails exports after it', async () => {
  const path = join(dir, 'shutdown.jsonl');
  const exporter = new FileSpanExporter({ path });
  const spans = await makeSpans('last');
  const pending = exportSpans(exporter, spans);
  await exporter.shutdown();
  expect(await readFile(path, 'utf8')).toContain('invoke_workflow last');
  expect((await pending).code).toBe(0);
  expect((await exportSpans(exporter, spans)).code).toBe(1);
});
