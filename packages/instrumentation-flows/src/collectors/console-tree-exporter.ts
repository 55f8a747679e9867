import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import { buildTraceTree } from './build-trace-tree';
import { exportFailed, exportSucceeded } from './export-result';
import { formatTraceTree } from './format-trace-tree';
import { isLocalRoot } from './span-relations';

/** Options of {@link ConsoleTreeExporter}. */
export interface ConsoleTreeExporterOptions {
  /**
   * Where the trees are written. Default `process.stderr`. A stream of your own that fails
   * (an `'error'` event) does not crash the app: the exporter listens for its errors, and its
   * exports fail from then on.
   */
  stream?: NodeJS.WritableStream;
  /**
   * How many unfinished traces are buffered; beyond it the oldest is written as it is. Default
   * 1000. Each trace also holds at most 10 000 spans.
   */
  maxPendingTraces?: number;
}

const DEFAULT_MAX_PENDING_TRACES = 1000;
const MAX_SPANS_PER_TRACE = 10_000;
// Traces already written: a span of one of them that ends late is written on its own at once.
const MAX_REMEMBERED_TRACES = 1000;

/**
 * A span exporter that writes one indented tree per finished trace — each line the span's name,
 * duration and status, and for generations the model and token counts — for reading traces in a
 * terminal during development. Spans are buffered until their trace's root span ends; a span that
 * ends after its root is written as its own small tree. Use it behind a `SimpleSpanProcessor` or a
 * `BatchSpanProcessor`.
 *
 * @example
 * ```ts
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [new SimpleSpanProcessor(new ConsoleTreeExporter())],
 * });
 * ```
 */
export class ConsoleTreeExporter implements SpanExporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #maxPending: number;
  readonly #pending = new Map<string, ReadableSpan[]>();
  readonly #written = new Set<string>();
  #stopped = false;
  #streamError: unknown;

  constructor(opts?: ConsoleTreeExporterOptions) {
    this.#stream = opts?.stream ?? process.stderr;
    // A write error is emitted as an 'error' event, which, unheard, would crash the app. The
    // process's own stdio streams are left as the app has them.
    if (this.#stream !== process.stderr && this.#stream !== process.stdout) {
      try {
        this.#stream.on('error', (error) => {
          this.#streamError ??= error;
        });
      } catch {
        // not an event emitter: its write errors can only be thrown, and those are caught
      }
    }
    const max = opts?.maxPendingTraces;
    this.#maxPending =
      typeof max === 'number' && Number.isFinite(max) && max >= 1
        ? Math.floor(max)
        : DEFAULT_MAX_PENDING_TRACES;
  }

  /** Buffers `spans` and writes the trees of the traces whose root span is among them. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#stopped) {
      resultCallback(exportFailed(new Error('ConsoleTreeExporter is shut down')));
      return;
    }
    if (this.#streamError !== undefined) {
      resultCallback(exportFailed(this.#streamError));
      return;
    }
    try {
      const finished = new Set<string>();
      const late = new Map<string, ReadableSpan[]>();
      for (const span of spans) {
        const traceId = span.spanContext().traceId;
        if (this.#written.has(traceId)) {
          append(late, traceId, span, Number.POSITIVE_INFINITY);
          continue;
        }
        append(this.#pending, traceId, span, MAX_SPANS_PER_TRACE);
        if (isLocalRoot(span)) finished.add(traceId);
      }
      let text = '';
      for (const [traceId, lateSpans] of late) text += formatTraceTree(traceId, buildTraceTree(lateSpans));
      for (const traceId of finished) text += this.#take(traceId);
      while (this.#pending.size > this.#maxPending) {
        text += this.#take(this.#pending.keys().next().value as string);
      }
      if (text !== '') this.#stream.write(text);
      resultCallback(exportSucceeded());
    } catch (error) {
      resultCallback(exportFailed(error));
    }
  }

  /** Writes every buffered trace as it is, finished or not. */
  forceFlush(): Promise<void> {
    try {
      let text = '';
      for (const traceId of [...this.#pending.keys()]) text += this.#take(traceId);
      if (text !== '') this.#stream.write(text);
    } catch {
      // a stream that cannot be written to loses the trees, nothing more
    }
    return Promise.resolve();
  }

  /** Writes what is buffered; later exports fail. */
  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.#stopped = true;
  }

  #take(traceId: string): string {
    const spans = this.#pending.get(traceId) ?? [];
    this.#pending.delete(traceId);
    this.#written.add(traceId);
    if (this.#written.size > MAX_REMEMBERED_TRACES) {
      this.#written.delete(this.#written.values().next().value as string);
    }
    return formatTraceTree(traceId, buildTraceTree(spans));
  }
}

function append(map: Map<string, ReadableSpan[]>, traceId: string, span: ReadableSpan, max: number): void {
  const spans = map.get(traceId);
  if (spans === undefined) map.set(traceId, [span]);
  else if (spans.length < max) spans.push(span);
}
