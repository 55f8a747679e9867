import { type Exception, type Span, SpanStatusCode } from '@opentelemetry/api';
import { errorMessage, errorType } from '../error-type';
import { ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_OTHER } from '../semconv';

/**
 * Marks `span` as failed by `error`: an exception event, status ERROR with the error's message,
 * and `error.type`. Never throws (a thrown value with a hostile `toString` included).
 */
function recordSpanError(span: Span, error: unknown): void {
  try {
    const exception: Exception =
      typeof error === 'object' && error !== null ? (error as Exception) : String(error);
    span.recordException(exception);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  } catch {
    try {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_OTHER);
    } catch {
      // a span that cannot even take a status is left as it is
    }
  }
}

/**
 * Ends a flow span, marking it failed by `error` when `failed` is true. Never throws: tracing
 * must not change what the traced code does.
 */
export function endFlowSpan(span: Span, failed: boolean, error?: unknown, endTime?: number): void {
  try {
    if (failed) recordSpanError(span, error);
    span.end(endTime);
  } catch {
    // a broken span object must not reach the host application
  }
}
