import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import { loadSdkPackage } from '../setup/sdk/load-sdk-package';
import { exportFailed, exportSucceeded } from './export-result';

/** Options of {@link FileSpanExporter}. */
export interface FileSpanExporterOptions {
  /** The file the lines are appended to; missing parent folders are created. */
  path: string;
}

type TraceSerializer = { serializeRequest(spans: ReadableSpan[]): Uint8Array | undefined };
let serializer: TraceSerializer | undefined;

const OTLP_TRANSFORMER = '@opentelemetry/otlp-transformer';

// Loaded by the first exporter made, not at import: importing this package must stay light.
// Resolved as the application has it (either SDK line's transformer writes the same JSON).
function jsonTraceSerializer(): TraceSerializer {
  if (serializer) return serializer;
  const transformer = loadSdkPackage<{ JsonTraceSerializer: TraceSerializer }>(OTLP_TRANSFORMER);
  if (!transformer) throw new Error(`${OTLP_TRANSFORMER} is not installed beside the application`);
  serializer = transformer.module.JsonTraceSerializer;
  return serializer;
}

function report(resultCallback: (result: ExportResult) => void, result: ExportResult): void {
  try {
    resultCallback(result);
  } catch {
    // the caller's callback is not ours to let fail the export chain
  }
}

/**
 * A span exporter that appends, per export call, one line holding an OTLP/JSON
 * `ExportTraceServiceRequest` (made by `@opentelemetry/otlp-transformer`, hex trace and span ids)
 * to a file: a trace log any OTLP/HTTP JSON receiver accepts line by line
 * (`curl -H 'content-type: application/json' --data-binary @line.json …/v1/traces`). Lines are
 * written in export order. A write error is reported through the export result (code FAILED),
 * never thrown.
 *
 * @example
 * ```ts
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [new BatchSpanProcessor(new FileSpanExporter({ path: 'traces.jsonl' }))],
 * });
 * ```
 */
export class FileSpanExporter implements SpanExporter {
  readonly #path: string | undefined;
  #folderReady = false;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  /** Never throws: without a usable `path`, each export fails with an error saying so. */
  constructor(opts: FileSpanExporterOptions) {
    const path = (opts as FileSpanExporterOptions | undefined)?.path;
    this.#path = typeof path === 'string' && path !== '' ? path : undefined;
    try {
      jsonTraceSerializer(); // pay the load at set-up, not inside the first span's end
    } catch {
      // reported by each export instead
    }
  }

  /** Appends `spans` as one OTLP/JSON line; `resultCallback` gets FAILED with the error on failure. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#stopped) {
      report(resultCallback, exportFailed(new Error('FileSpanExporter is shut down')));
      return;
    }
    if (spans.length === 0) {
      report(resultCallback, exportSucceeded());
      return;
    }
    let line: string;
    try {
      const body = jsonTraceSerializer().serializeRequest(spans);
      if (body === undefined) throw new Error('the OTLP JSON serializer returned nothing');
      line = `${new TextDecoder().decode(body)}\n`;
    } catch (error) {
      report(resultCallback, exportFailed(error));
      return;
    }
    const write = this.#queue.then(() => this.#append(line));
    this.#queue = write.then(
      () => undefined,
      () => undefined,
    );
    write.then(
      () => report(resultCallback, exportSucceeded()),
      (error: unknown) => report(resultCallback, exportFailed(error)),
    );
  }

  /** Resolves when every line handed to `export` so far is written (or failed). */
  forceFlush(): Promise<void> {
    return this.#queue;
  }

  /** Waits for pending writes; later exports fail. */
  async shutdown(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
  }

  async #append(line: string): Promise<void> {
    const path = this.#path;
    if (path === undefined) throw new Error('FileSpanExporter was given no file path');
    if (!this.#folderReady) {
      await mkdir(dirname(path), { recursive: true });
      this.#folderReady = true;
    }
    await appendFile(path, line, 'utf8');
  }
}
