import { readFileSync } from 'node:fs';
import type { FileSpan, FileSpanEvent } from './otlp-json-model';
import { asArray, readAttributes, readEnum, readId, readNanos } from './otlp-json-values';

/** A trace file that cannot be read: the message names the file, and the line when one is at fault. */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
}

/** What {@link readTraceFile} found. */
export interface TraceFile {
  spans: FileSpan[];
  /** Lines holding metrics or logs (a Collector `file` exporter shared by several pipelines): skipped. */
  skippedLines: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads an OTLP/JSON lines file: one `ExportTraceServiceRequest` (`{"resourceSpans":[…]}`) per
 * line, as `FileSpanExporter` and the OpenTelemetry Collector's `file` exporter write them.
 * Blank lines are skipped, and so are metrics and logs lines.
 *
 * @throws {TraceFileError} for a missing or unreadable file, or a line that is not OTLP/JSON traces.
 */
export function readTraceFile(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : (error as Error).message;
    throw new TraceFileError(`${path}: cannot read the trace file (${why})`);
  }
  return parseTraceLines(text, path);
}

/** {@link readTraceFile} on text already read; `source` names it in errors. */
export function parseTraceLines(text: string, source: string): TraceFile {
  const spans: FileSpan[] = [];
  let skippedLines = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${source}:${i + 1}`;
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch (error) {
      throw new TraceFileError(
        `${where}: not OTLP/JSON (${(error as Error).message}). Expected one ExportTraceServiceRequest ` +
          'per line, as FileSpanExporter or the OpenTelemetry Collector file exporter (format: json) write.',
      );
    }
    if (isObject(request) && !('resourceSpans' in request)) {
      if ('resourceMetrics' in request || 'resourceLogs' in request) {
        skippedLines++;
        continue;
      }
    }
    if (!isObject(request) || !Array.isArray(request.resourceSpans)) {
      throw new TraceFileError(
        `${where}: not OTLP/JSON traces (a line must be an object with a "resourceSpans" array)`,
      );
    }
    try {
      readRequest(request, spans);
    } catch (error) {
      throw new TraceFileError(`${where}: ${(error as Error).message}`);
    }
  }
  return { spans, skippedLines };
}

function readRequest(request: Json, into: FileSpan[]): void {
  for (const rs of asArray(request.resourceSpans)) {
    if (!isObject(rs)) continue;
    const resource = readAttributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    for (const ss of asArray(rs.scopeSpans ?? rs.instrumentationLibrarySpans)) {
      if (!isObject(ss)) continue;
      const scopeJson = isObject(ss.scope)
        ? ss.scope
        : isObject(ss.instrumentationLibrary)
          ? ss.instrumentationLibrary
          : {};
      const scope = { name: String(scopeJson.name ?? ''), version: String(scopeJson.version ?? '') };
      for (const s of asArray(ss.spans)) {
        if (isObject(s)) into.push(readSpan(s, resource, scope));
      }
    }
  }
}

function readSpan(s: Json, resource: FileSpan['resource'], scope: FileSpan['scope']): FileSpan {
  const spanId = readId(s.spanId, 8, 'spanId');
  const traceId = readId(s.traceId, 16, 'traceId');
  if (spanId === '' || traceId === '') throw new Error(`span "${String(s.name)}" has no traceId or spanId`);
  const status = isObject(s.status) ? s.status : {};
  const events: FileSpanEvent[] = asArray(s.events)
    .filter(isObject)
    .map((e) => ({
      name: String(e.name ?? ''),
      timeUnixNano: readNanos(e.timeUnixNano, 'event timeUnixNano'),
      attributes: readAttributes(e.attributes),
    }));
  return {
    traceId,
    spanId,
    parentSpanId: readId(s.parentSpanId, 8, 'parentSpanId'),
    name: String(s.name ?? ''),
    kind: readEnum(s.kind, 'kind'),
    startTimeUnixNano: readNanos(s.startTimeUnixNano, 'startTimeUnixNano'),
    endTimeUnixNano: readNanos(s.endTimeUnixNano, 'endTimeUnixNano'),
    attributes: readAttributes(s.attributes),
    events,
    status: { code: readEnum(status.code, 'status'), message: String(status.message ?? '') },
    resource,
    scope,
  };
}
