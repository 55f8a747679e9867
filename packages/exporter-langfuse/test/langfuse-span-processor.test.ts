import { ExportResultCode, setGlobalErrorHandler } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isDefaultExportSpan, LangfuseSpanProcessor } from '../src';
import { captureDiag } from './support/capture-diag';
import { isolateEnv } from './support/env';
import { runLlmTrace, SPANS, TRACE_CONTEXT, TRACE_LEVEL_ATTRIBUTES } from './support/llm-trace';
import { resetOtelGlobals, startTracing, type TestTracing } from './support/tracing';

// In-process: the processor's `exporter` is an in-memory exporter standing in for Langfuse, so the
// copies it would send can be compared with what other exporters see. HTTP: langfuse-export-http.test.ts.

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = isolateEnv();
});
afterEach(() => {
  resetOtelGlobals();
  restoreEnv();
});

function byName(spans: ReadableSpan[]): Map<string, ReadableSpan> {
  return new Map(spans.map((s) => [s.name, s]));
}

async function runTrace(options: ConstructorParameters<typeof LangfuseSpanProcessor>[0] = {}) {
  const sent = new InMemorySpanExporter();
  const processor = new LangfuseSpanProcessor({
    environment: 'staging',
    release: 'v1.4.0',
    exporter: sent,
    ...options,
  });
  const tracing: TestTracing = startTracing(processor);
  runLlmTrace(tracing.provider);
  await processor.forceFlush();
  const result = {
    sent: byName(sent.getFinishedSpans()),
    seen: byName(tracing.memory.getFinishedSpans()),
    processor,
  };
  await tracing.provider.shutdown();
  return result;
}

describe('LangfuseSpanProcessor: the copies sent to Langfuse', () => {
  it('sends the LLM spans and drops the HTTP spans (default filter)', async () => {
    const { sent, seen } = await runTrace();
    expect([...sent.keys()].sort()).toEqual(
      [
        SPANS.workflow,
        SPANS.agent,
        SPANS.chat,
        SPANS.tool,
        SPANS.embeddings,
        SPANS.cancelled,
        SPANS.step,
      ].sort(),
    );
    expect(seen.has(SPANS.httpServer) && seen.has(SPANS.httpClient)).toBe(true);
  });

  it('puts the trace-level Langfuse attributes on every sent span', async () => {
    const { sent } = await runTrace();
    for (const span of sent.values()) {
      expect(span.attributes).toMatchObject(TRACE_LEVEL_ATTRIBUTES);
    }
  });

  it('never changes what other exporters see, beyond the neutral stamping of foreign spans', async () => {
    const { sent, seen } = await runTrace();
    for (const span of seen.values()) {
      expect(Object.keys(span.attributes).filter((k) => k.startsWith('langfuse.'))).toEqual([]);
    }
    expect(seen.get(SPANS.chat)!.attributes['gen_ai.input.messages']).toEqual(expect.any(String));
    expect(sent.get(SPANS.chat)).not.toBe(seen.get(SPANS.chat));
    expect(sent.get(SPANS.chat)!.spanContext()).toEqual(seen.get(SPANS.chat)!.spanContext());
    for (const name of [SPANS.httpServer, SPANS.httpClient]) {
      const attributes = seen.get(name)!.attributes;
      expect(attributes).toMatchObject({
        'session.id': TRACE_CONTEXT.sessionId,
        'user.id': TRACE_CONTEXT.userId,
        'tag.tags': TRACE_CONTEXT.tags,
      });
      expect(Object.keys(attributes).filter((k) => k.startsWith('gen_ai.'))).toEqual([]);
    }
  });

  it('sets the observation type of each span', async () => {
    const { sent } = await runTrace();
    const types = Object.fromEntries(
      [...sent].map(([name, s]) => [name, s.attributes['langfuse.observation.type']]),
    );
    expect(types).toEqual({
      [SPANS.workflow]: 'span',
      [SPANS.agent]: 'agent',
      [SPANS.chat]: 'generation',
      [SPANS.tool]: 'tool',
      [SPANS.embeddings]: 'embedding',
      [SPANS.cancelled]: 'generation',
      [SPANS.step]: 'span',
    });
  });

  it('moves captured content to langfuse.observation.input/output instead of copying it', async () => {
    const { sent } = await runTrace();
    const chat = sent.get(SPANS.chat)!.attributes;
    for (const moved of ['gen_ai.input.messages', 'gen_ai.system_instructions', 'gen_ai.output.messages']) {
      expect(chat[moved]).toBeUndefined();
    }
    expect(JSON.parse(chat['langfuse.observation.input'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a support agent.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] },
    ]);
    expect(JSON.parse(chat['langfuse.observation.output'] as string)[0].parts[0].content).toBe(
      'It ships today.',
    );
    const tool = sent.get(SPANS.tool)!.attributes;
    expect(tool['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(tool['gen_ai.tool.call.result']).toBeUndefined();
    expect(tool['langfuse.observation.input']).toBe('{"city":"Paris"}');
    expect(tool['langfuse.observation.output']).toBe('{"temperature":21}');
  });

  it('marks the cancelled generation WARNING and nothing else', async () => {
    const { sent } = await runTrace();
    for (const [name, span] of sent) {
      expect([name, span.attributes['langfuse.observation.level']]).toEqual([
        name,
        name === SPANS.cancelled ? 'WARNING' : undefined,
      ]);
    }
  });

  it('sets completion_start_time to start + time to first chunk, and links the prompt', async () => {
    const { sent } = await runTrace();
    const chat = sent.get(SPANS.chat)!;
    const startMs = chat.startTime[0] * 1000 + chat.startTime[1] / 1e6;
    expect(chat.attributes['langfuse.observation.completion_start_time']).toBe(
      new Date(startMs + 250).toISOString(),
    );
    expect(chat.attributes['langfuse.observation.prompt.name']).toBe('support-answer');
    expect(chat.attributes['langfuse.observation.prompt.version']).toBe(3);
  });

  it('marks only the first sent span under the unsent HTTP span as the app root', async () => {
    const { sent, seen } = await runTrace();
    const roots = [...sent.values()].filter((s) => s.attributes['langfuse.internal.is_app_root'] === true);
    expect(roots.map((s) => s.name)).toEqual([SPANS.workflow]);
    expect(sent.get(SPANS.workflow)!.parentSpanContext?.spanId).toBe(
      seen.get(SPANS.httpServer)!.spanContext().spanId,
    );
  });
});

describe('LangfuseSpanProcessor options and failures', () => {
  it('needs no keys when an exporter is given', async () => {
    const logs = captureDiag();
    const { sent } = await runTrace();
    expect(sent.size).toBe(7);
    expect(logs.warnings()).toEqual([]);
  });

  it('lets shouldExportSpan replace the default filter; the app root follows it', async () => {
    const { sent } = await runTrace({ shouldExportSpan: () => true });
    expect(sent.has(SPANS.httpServer)).toBe(true);
    expect(sent.has(SPANS.httpClient)).toBe(true);
    const roots = [...sent.values()].filter((s) => s.attributes['langfuse.internal.is_app_root'] === true);
    expect(roots.map((s) => s.name)).toEqual([SPANS.httpServer]);
  });

  it('exposes the default filter for composition', async () => {
    const { sent } = await runTrace({
      shouldExportSpan: (span) => isDefaultExportSpan(span) || span.kind === 1 /* SERVER */,
    });
    expect(sent.has(SPANS.httpServer)).toBe(true);
    expect(sent.has(SPANS.httpClient)).toBe(false);
  });

  it('drops spans, with one warning, when shouldExportSpan throws', async () => {
    const logs = captureDiag();
    const { sent } = await runTrace({
      shouldExportSpan: () => {
        throw new Error('bad filter');
      },
    });
    expect(sent.size).toBe(0);
    expect(logs.warnings('@mellea/exporter-langfuse')).toEqual([expect.stringContaining('bad filter')]);
  });

  it.each([
    [
      'reports a failure',
      (_spans: ReadableSpan[], cb: (r: { code: number; error?: Error }) => void) =>
        cb({ code: ExportResultCode.FAILED, error: new Error('rejected by backend') }),
    ],
    [
      'throws',
      () => {
        throw new Error('rejected by backend');
      },
    ],
  ])(
    'resolves forceFlush and shutdown, with one warning, when a custom exporter %s; the SDK processor sees the failure',
    async (_what, exportFn) => {
      const logs = captureDiag();
      const seenBySdk: unknown[] = [];
      setGlobalErrorHandler((error) => seenBySdk.push(error));
      const exporter: SpanExporter = { export: exportFn, shutdown: async () => {} };
      for (const exportMode of ['batched', 'immediate'] as const) {
        const processor = new LangfuseSpanProcessor({ exporter, exportMode });
        const tracing = startTracing(processor);
        runLlmTrace(tracing.provider);
        runLlmTrace(tracing.provider);
        await expect(processor.forceFlush()).resolves.toBeUndefined();
        await expect(processor.shutdown()).resolves.toBeUndefined();
        await expect(processor.shutdown()).resolves.toBeUndefined();
      }
      expect(logs.warnings('@mellea/exporter-langfuse')).toEqual([
        expect.stringContaining('rejected by backend'),
        expect.stringContaining('rejected by backend'),
      ]);
      expect(logs.entries.filter((e) => e.level === 'error')).toEqual([]);
      // The immediate (simple) processor hands each failed export to the OTel global error handler.
      expect(seenBySdk.length).toBeGreaterThan(0);
      for (const error of seenBySdk) expect(error).toMatchObject({ message: 'rejected by backend' });
    },
  );

  it('does nothing after shutdown', async () => {
    const sent = new InMemorySpanExporter();
    const processor = new LangfuseSpanProcessor({ exporter: sent, exportMode: 'immediate' });
    const tracing = startTracing(processor);
    await processor.shutdown();
    runLlmTrace(tracing.provider);
    await processor.forceFlush();
    expect(sent.getFinishedSpans()).toEqual([]);
    expect(
      tracing.memory.getFinishedSpans().find((s) => s.name === SPANS.httpServer)!.attributes['session.id'],
    ).toBeUndefined();
  });

  it('falls back to batched export, with a warning, for an unknown exportMode', async () => {
    const logs = captureDiag();
    const sent = new InMemorySpanExporter();
    const processor = new LangfuseSpanProcessor({ exporter: sent, exportMode: 'sometimes' as never });
    const tracing = startTracing(processor);
    runLlmTrace(tracing.provider);
    expect(sent.getFinishedSpans()).toEqual([]);
    await processor.forceFlush();
    expect(sent.getFinishedSpans()).toHaveLength(7);
    expect(logs.warnings()).toEqual([expect.stringContaining('exportMode')]);
    await tracing.provider.shutdown();
  });

  it('without keys and without an exporter: one warning, a no-op processor, nothing thrown', async () => {
    const logs = captureDiag();
    process.env.LANGFUSE_SECRET_KEY = 'sk-lf-only-the-secret';
    const processor = new LangfuseSpanProcessor();
    const tracing = startTracing(processor);
    expect(() => runLlmTrace(tracing.provider)).not.toThrow();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
    const warnings = logs.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('LANGFUSE_PUBLIC_KEY');
    expect(warnings[0]).toContain('LANGFUSE_SECRET_KEY');
    expect(logs.all()).not.toContain('sk-lf-only-the-secret');
  });
});
