import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProxyTracerProvider, type TracerProvider } from '@opentelemetry/api';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  addLocalExportersToForeignProvider,
  askedLocalExporters,
} from './local-exporters-on-foreign-provider';
import { findOtelSdk } from './sdk/otel-sdk';
import type { SetupWarner } from './setup-warnings';
import { onlyInstalled } from './test-support/only-installed';

function recordingWarner(): SetupWarner & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warnOnce: (_key, message) => messages.push(message), stderrOnce() {} };
}

// A provider of the kind that accepts processors after it was built (SDK 1.x had
// `addSpanProcessor`; some custom providers do): a real SDK provider fanning out to a list.
class ProviderAcceptingProcessors implements TracerProvider {
  readonly added: SpanProcessor[] = [];
  readonly #inner: BasicTracerProvider;
  constructor() {
    const added = this.added;
    this.#inner = new BasicTracerProvider({
      spanProcessors: [
        {
          onStart: (span, ctx) => {
            for (const p of added) p.onStart(span, ctx);
          },
          onEnd: (span) => {
            for (const p of added) p.onEnd(span);
          },
          forceFlush: async () => {
            await Promise.all(added.map((p) => p.forceFlush()));
          },
          shutdown: async () => {
            await Promise.all(added.map((p) => p.shutdown()));
          },
        },
      ],
    });
  }
  addSpanProcessor(processor: SpanProcessor): void {
    this.added.push(processor);
  }
  getTracer(name: string) {
    return this.#inner.getTracer(name);
  }
  forceFlush() {
    return this.#inner.forceFlush();
  }
}

describe('askedLocalExporters', () => {
  it('reads MELLEA_TRACES_CONSOLE and MELLEA_TRACES_FILE, options winning, and not OTEL_TRACES_EXPORTER', () => {
    expect(askedLocalExporters({}, {})).toEqual({});
    expect(askedLocalExporters({}, { OTEL_TRACES_EXPORTER: 'console' })).toEqual({});
    expect(
      askedLocalExporters({}, { MELLEA_TRACES_CONSOLE: 'yes', MELLEA_TRACES_FILE: ' /tmp/s.jsonl ' }),
    ).toEqual({
      console: 'MELLEA_TRACES_CONSOLE',
      file: { path: '/tmp/s.jsonl', askedBy: 'MELLEA_TRACES_FILE' },
    });
    expect(askedLocalExporters({ console: false, file: '/x' }, { MELLEA_TRACES_CONSOLE: '1' })).toEqual({
      file: { path: '/x', askedBy: 'the file option' },
    });
  });
});

describe('addLocalExportersToForeignProvider', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mellea-foreign-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the file exporter to a provider that accepts processors (behind the global proxy): its spans are written', async () => {
    const file = path.join(dir, 'spans.jsonl');
    const provider = new ProviderAcceptingProcessors();
    const proxy = new ProxyTracerProvider();
    proxy.setDelegate(provider);
    const warner = recordingWarner();
    addLocalExportersToForeignProvider(
      proxy,
      { file: { path: file, askedBy: 'MELLEA_TRACES_FILE' } },
      warner,
    );
    expect(provider.added).toHaveLength(1);
    proxy.getTracer('t').startSpan('written').end();
    await provider.forceFlush();
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[0]);
    expect(line.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('written');
    expect(warner.messages).toEqual([]);
  });

  it('with an SDK 2 provider (processors only in its constructor): one warning per exporter, naming the variable and showing the line to add', () => {
    const proxy = new ProxyTracerProvider();
    proxy.setDelegate(new BasicTracerProvider());
    const warner = recordingWarner();
    const file = path.join(dir, 'spans.jsonl');
    addLocalExportersToForeignProvider(
      proxy,
      { console: 'MELLEA_TRACES_CONSOLE', file: { path: file, askedBy: 'MELLEA_TRACES_FILE' } },
      warner,
    );
    expect(warner.messages).toEqual([
      expect.stringContaining('MELLEA_TRACES_CONSOLE asks for the console trace tree'),
      expect.stringContaining(`MELLEA_TRACES_FILE=${file} asks for spans written to that file`),
    ]);
    expect(warner.messages[0]).toContain(
      'spanProcessors: [new SimpleSpanProcessor(new ConsoleTreeExporter())]',
    );
    expect(warner.messages[1]).toContain(
      `spanProcessors: [new SimpleSpanProcessor(new FileSpanExporter({ path: ${JSON.stringify(file)} }))]`,
    );
  });

  it('writes the line as the application’s SDK line takes it: `@opentelemetry/sdk-trace` processors take { exporter }', () => {
    const warner = recordingWarner();
    addLocalExportersToForeignProvider(
      new BasicTracerProvider(),
      { file: { path: 'traces.jsonl', askedBy: 'MELLEA_TRACES_FILE' } },
      warner,
      () => findOtelSdk(onlyInstalled('@opentelemetry/sdk-trace')),
    );
    expect(warner.messages).toEqual([
      expect.stringContaining(
        'spanProcessors: [new SimpleSpanProcessor({ exporter: new FileSpanExporter({ path: "traces.jsonl" }) })] (SimpleSpanProcessor from @opentelemetry/sdk-trace,',
      ),
    ]);
  });

  it('does nothing when no local exporter is asked for', () => {
    const warner = recordingWarner();
    addLocalExportersToForeignProvider(new BasicTracerProvider(), {}, warner);
    expect(warner.messages).toEqual([]);
  });
});
