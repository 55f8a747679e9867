import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/**
 * Sets a diag logger that records warnings (and errors) and returns them, each as its arguments
 * joined by spaces (a component logger puts its namespace first).
 */
export function collectDiagWarnings(): string[] {
  const warnings: string[] = [];
  const record = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  const logger: DiagLogger = {
    error: record,
    warn: record,
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return warnings;
}
