import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOtlpReceiver } from '@mellea/test-otlp-receiver';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  FileSpanExporter,
  recordEdge,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '../../src';
import { setupTracingTestEnv, type TracingTestEnv } from '../support/tracing-test-env';

let env: TracingTestEnv;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-span-exporter-receiver-'));
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
  await rm(dir, { recursive: true, force: true });
});

async function runFlow(): Promise<void> {
  await withTraceContext({ sessionId: 'sess-1', userId: 'user-1', tags: ['a', 'b'] }, () =>
    traceWorkflow('pipeline', async () => {
      await traceStep('n1', async () => undefined, { attempt: 2, ratio: 0.5, ok: true });
      recordEdge('n1', 'tool');
      await traceTool('search', async () => Promise.reject(new TypeError('no index')), {
        callId: 'c1',
      }).catch(() => undefined);
    }),
  );
}

it('writes lines that a loopback OTLP/HTTP JSON receiver decodes to the same spans', async () => {
  await runFlow();
  const exported = env.spans();
  const path = join(dir, 'traces.jsonl');
  const exporter = new FileSpanExporter({ path });
  // two export calls, two lines
  const results = await Promise.all(
    [exported.slice(0, 1), exported.slice(1)].map(
      (batch) => new Promise<ExportResult>((resolve) => exporter.export(batch, resolve)),
    ),
  );
  expect(results.map((r) => r.code)).toEqual([0, 0]);
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(2);

  const receiver = await startOtlpReceiver();
  try {
    for (const line of lines) {
      const response = await fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: line,
      });
      expect(response.status).toBe(200);
    }
    const decoded = await receiver.waitForSpans(exported.length);
    expect(receiver.requests.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(decoded.map((s) => comparable(s))).toEqual(exported.map(fromSdk));
  } finally {
    await receiver.close();
  }
});

interface Comparable {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status: { code: number; message?: string };
  scopeName: string;
}

function comparable(s: Comparable): Comparable {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    attributes: s.attributes,
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    status: s.status.message ? s.status : { code: s.status.code },
    scopeName: s.scopeName,
  };
}

function fromSdk(span: ReadableSpan): Comparable {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: span.kind + 1, // OTLP kinds are the API's plus one
    attributes: { ...span.attributes },
    events: span.events.map((e) => ({ name: e.name, attributes: { ...e.attributes } })),
    status: span.status.code === SpanStatusCode.ERROR ? { ...span.status } : { code: span.status.code },
    scopeName: span.instrumentationScope.name,
  };
}
