import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { renderPageHtml } from './page-html';
import { buildPageData } from './page-model';
import { readTraceFile, TraceFileError } from './read-trace-file';
import { traceTreeText } from './trace-tree-text';

/** Where the command writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `Usage:
  mellea-traces tree <file>                 print each trace as a tree
  mellea-traces html <file> [-o out.html]   write a self-contained viewer page (default: <file>.html)

<file> holds OTLP/JSON lines: what FileSpanExporter (MELLEA_TRACES_FILE) writes, or the
OpenTelemetry Collector's file exporter (format: json).
`;

/** The HTML file written for `input` when no `-o` is given: the same name, `.html`. */
export function defaultHtmlPath(input: string): string {
  return `${input.replace(/\.(jsonl|ndjson|json)$/i, '')}.html`;
}

/**
 * Runs `mellea-traces` with `argv` (the arguments after the command name).
 * @returns the exit code: 0 done, 1 the file could not be read or written, 2 a usage mistake.
 */
export function runCli(argv: string[], io: CliIo): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`mellea-traces: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if ((command !== 'tree' && command !== 'html') || file === undefined || extra.length > 0) {
    const why =
      command === undefined
        ? 'no command given'
        : command !== 'tree' && command !== 'html'
          ? `unknown command "${command}"`
          : file === undefined
            ? `"${command}" needs a file`
            : `unexpected argument "${extra[0]}"`;
    io.err(`mellea-traces: ${why}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'tree' && values.output !== undefined) {
    io.err(`mellea-traces: -o is for "html" only\n\n${USAGE}`);
    return 2;
  }
  try {
    const { spans, skippedLines } = readTraceFile(file);
    if (skippedLines > 0) io.err(`mellea-traces: ${file}: skipped ${skippedLines} metrics/logs line(s)\n`);
    if (spans.length === 0) {
      io.err(`mellea-traces: ${file}: no spans in the file\n`);
      return 1;
    }
    if (command === 'tree') {
      io.out(traceTreeText(spans));
      return 0;
    }
    const output = values.output ?? defaultHtmlPath(file);
    const data = buildPageData(spans, basename(file), `Traces · ${basename(file)}`);
    try {
      writeFileSync(output, renderPageHtml(data));
    } catch (error) {
      io.err(`mellea-traces: cannot write ${output}: ${(error as Error).message}\n`);
      return 1;
    }
    io.out(`${output}  (${spans.length} spans in ${data.traces.length} trace(s))\n`);
    return 0;
  } catch (error) {
    if (error instanceof TraceFileError) {
      io.err(`mellea-traces: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
}
