import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/** One diag call, with its arguments joined into text. */
export interface DiagEntry {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  text: string;
}

/** Captured diag output; `warnings(ns?)` filters by level (and component namespace). */
export interface DiagCapture {
  entries: DiagEntry[];
  warnings(namespace?: string): string[];
  /** Every captured line at every level, joined: for "never appears anywhere" assertions. */
  all(): string;
}

function render(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message} ${arg.stack ?? ''}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/** Installs a diag logger that records everything (DiagLogLevel.ALL) until `diag.disable()`. */
export function captureDiag(): DiagCapture {
  const entries: DiagEntry[] = [];
  const make =
    (level: DiagEntry['level']) =>
    (...args: unknown[]): void => {
      entries.push({ level, text: args.map(render).join(' ') });
    };
  const logger: DiagLogger = {
    error: make('error'),
    warn: make('warn'),
    info: make('info'),
    debug: make('debug'),
    verbose: make('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return {
    entries,
    warnings: (namespace) =>
      entries
        .filter((e) => e.level === 'warn' && (namespace === undefined || e.text.startsWith(namespace)))
        .map((e) => e.text),
    all: () => entries.map((e) => e.text).join('\n'),
  };
}
