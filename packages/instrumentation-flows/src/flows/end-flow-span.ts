import type { Span } from '@opentelemetry/api';
import { recordSpanError } from './record-span-error';

/**
 * Ends a flow span, marking it failed when `failed` is true. Never throws: tracing must not
 * change what the traced code does.
 */
export function endFlowSpan(span: Span, failed: boolean, error?: unknown, endTime?: number): void {
  try {
    if (failed) recordSpanError(span, error);
    span.end(endTime);
  } catch {
    // a broken span object must not reach the host application
  }
}
