import { Writable } from 'node:stream';
import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { traceStep } from '../flows/trace-step';
import { traceWorkflow } from '../flows/trace-workflow';
import { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from './console-tree-exporter';

class MemoryStream extends Writable {
  readonly writes: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.writes.push(chunk.toString());
    done();
  }
  text(): string {
    return this.writes.join('');
  }
}

let env: TracingTestEnv;
let stream: MemoryStream;
let exporter: ConsoleTreeExporter;
function setup(opts?: Omit<ConsoleTreeExporterOptions, 'stream'>): void {
  stream = new MemoryStream();
  exporter = new ConsoleTreeExporter({ stream, ...opts });
  env = setupTracingTestEnv({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
}
afterEach(async () => {
  await env.close();
});

const tracer = () => trace.getTracer('test');
const at = (ms: number): [number, number] => [1_700_000_000 + Math.floor(ms / 1000), (ms % 1000) * 1e6];
function start(name: string, ms: number, parent?: Span, attributes?: Record<string, string | number>): Span {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  return tracer().startSpan(name, { startTime: at(ms), attributes }, ctx);
}

it('writes one indented tree per finished trace: name, duration, status, and model and tokens for generations', () => {
  setup();
  const root = start('invoke_workflow demo', 0);
  const plan = start('plan', 100, root);
  plan.setStatus({ code: SpanStatusCode.OK });
  plan.end(at(200));
  const chat = start('chat gpt-4o', 300, root, {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 12,
    'gen_ai.usage.output_tokens': 34,
  });
  chat.end(at(1200));
  const tool = start('execute_tool search', 1250, root);
  start('fetch', 1260, tool).end(at(1310));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  tool.end(at(1450));
  expect(stream.text()).toBe('');
  root.end(at(1500));

  const traceId = root.spanContext().traceId;
  expect(stream.writes).toEqual([
    [
      `trace ${traceId}`,
      'invoke_workflow demo  1.50 s  UNSET',
      '├─ plan  100.0 ms  OK',
      '├─ chat gpt-4o  900.0 ms  UNSET  model=gpt-4o-2024-08-06  tokens in=12 out=34',
      '└─ execute_tool search  200.0 ms  ERROR (timeout)',
      '   └─ fetch  50.0 ms  UNSET',
      '',
    ].join('\n'),
  ]);
});

it('shows the request model, and only the token counts that are known', () => {
  setup();
  const root = start('root', 0);
  start('embeddings text-embedding-3-small', 1, root, {
    'gen_ai.operation.name': 'embeddings',
    'gen_ai.request.model': 'text-embedding-3-small',
    'gen_ai.usage.input_tokens': 7,
  }).end(at(3));
  root.end(at(4));
  expect(stream.text()).toContain(
    '└─ embeddings text-embedding-3-small  2.0 ms  UNSET  model=text-embedding-3-small  tokens in=7',
  );
});

it('writes concurrent traces as separate, whole trees, each when its own root ends', async () => {
  setup();
  let releaseA!: () => void;
  const a = traceWorkflow('a', () =>
    traceStep('a-step', () => new Promise<void>((resolve) => (releaseA = resolve))),
  );
  await traceWorkflow('b', () => traceStep('b-step', async () => undefined));
  expect(stream.writes).toHaveLength(1);
  expect(stream.writes[0]).toMatch(
    /^trace [0-9a-f]{32}\ninvoke_workflow b {2}[\d.]+ ms {2}UNSET\n└─ b-step /,
  );
  releaseA();
  await a;
  expect(stream.writes).toHaveLength(2);
  expect(stream.writes[1]).toMatch(
    /^trace [0-9a-f]{32}\ninvoke_workflow a {2}[\d.]+ ms {2}UNSET\n└─ a-step /,
  );
  expect(stream.writes[1]).not.toContain('b-step');
});

it('writes a span that ends after its root as a tree of its own', () => {
  setup();
  const root = start('root', 0);
  const straggler = start('fire-and-forget', 1, root);
  root.end(at(2));
  straggler.end(at(5));
  const traceId = root.spanContext().traceId;
  expect(stream.writes).toEqual([
    `trace ${traceId}\nroot  2.0 ms  UNSET\n`,
    `trace ${traceId}\nfire-and-forget  4.0 ms  UNSET\n`,
  ]);
});

it('treats a span with a remote parent as the root of the local trace', () => {
  setup();
  const remote = trace.wrapSpanContext({
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: 1,
    isRemote: true,
  });
  const server = tracer().startSpan(
    'POST /chat',
    { startTime: at(0) },
    trace.setSpan(context.active(), remote),
  );
  start('handler', 1, server).end(at(2));
  server.end(at(3));
  expect(stream.text()).toBe(
    'trace 4bf92f3577b34da6a3ce929d0e0e4736\nPOST /chat  3.0 ms  UNSET\n└─ handler  1.0 ms  UNSET\n',
  );
});

it('writes the unfinished traces on forceFlush', async () => {
  setup();
  const root = start('root', 0);
  start('done-child', 1, root).end(at(2));
  await exporter.forceFlush();
  expect(stream.text()).toBe(`trace ${root.spanContext().traceId}\ndone-child  1.0 ms  UNSET\n`);
  root.end();
});

it('bounds the buffered traces: beyond maxPendingTraces the oldest is written as it is', () => {
  setup({ maxPendingTraces: 1 });
  const first = start('first-root', 0);
  start('first-child', 1, first).end(at(2));
  const second = start('second-root', 0);
  start('second-child', 1, second).end(at(2));
  expect(stream.writes).toEqual([`trace ${first.spanContext().traceId}\nfirst-child  1.0 ms  UNSET\n`]);
  first.end();
  second.end();
});

it('writes to process.stderr by default', () => {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    exporter = new ConsoleTreeExporter();
    env = setupTracingTestEnv({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    start('to-stderr', 0).end(at(1));
  } finally {
    spy.mockRestore();
  }
  expect(writes.join('')).toContain('to-stderr  1.0 ms  UNSET');
});

it('reports a stream that throws as a failed export, without throwing', async () => {
  const broken = new MemoryStream();
  broken.write = () => {
    throw new Error('stream is gone');
  };
  const failing = new ConsoleTreeExporter({ stream: broken });
  env = setupTracingTestEnv();
  const span = start('x', 0);
  span.end(at(1));
  const [readable] = env.spans();
  const result = await new Promise<ExportResult>((resolve) => failing.export([readable], resolve));
  expect(result.code).toBe(1);
  expect(result.error?.message).toBe('stream is gone');
});

it('survives a stream of its own that fails with an error event: later exports fail with that error', async () => {
  const failing = new (class extends Writable {
    override _write(_chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
      done(new Error('disk full'));
    }
  })();
  exporter = new ConsoleTreeExporter({ stream: failing });
  env = setupTracingTestEnv();
  start('x', 0).end(at(1));
  const [readable] = env.spans();
  const first = await new Promise<ExportResult>((resolve) => exporter.export([readable], resolve));
  expect(first.code).toBe(0); // the write was handed to the stream
  await new Promise((resolve) => setImmediate(resolve)); // the stream emits 'error' on a later tick
  expect(failing.destroyed).toBe(true);
  const second = await new Promise<ExportResult>((resolve) => exporter.export([readable], resolve));
  expect(second.code).toBe(1);
  expect(second.error?.message).toBe('disk full');
});

it('fails exports after shutdown', async () => {
  setup();
  await exporter.shutdown();
  const span = start('late', 0);
  span.end(at(1));
  const result = await new Promise<ExportResult>((resolve) => exporter.export(env.spans(), resolve));
  expect(result.code).toBe(1);
});
