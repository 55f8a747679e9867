import { type Exception, type Span, SpanStatusCode } from '@opentelemetry/api';
import { errorMessage, errorType } from '../../error-type';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ERROR_TYPE_VALUE_CANCELLED,
  ERROR_TYPE_VALUE_OTHER,
  GEN_AI_FINISH_REASON_VALUE_ERROR,
} from '../../semconv';
import { REDACTED, type Redactor } from '../redact/default-redactor';

/**
 * `text` through `redact`; all of it masked when the redactor throws (a secret it failed on must
 * not be recorded as it is, and the failure must still be recorded).
 */
function redacted(text: string, redact: Redactor | undefined): string {
  if (redact === undefined) return text;
  try {
    return String(redact(text));
  } catch {
    return REDACTED;
  }
}

interface RecordedException {
  message: string;
  name?: string;
  code?: string | number;
  stack?: string;
}

/**
 * The exception to record. The OTel SDK makes `exception.type` of an exception's `code` before its
 * `name`, so the code is given only when the error has no name or class: `exception.type` stays
 * the class (semconv), not e.g. `20` for an `AbortError` DOMException.
 */
function exceptionOf(error: unknown, type: string, message: string, redact: Redactor | undefined): Exception {
  const exception: RecordedException = { message };
  if (type !== ERROR_TYPE_VALUE_OTHER) exception.name = type;
  try {
    if (error !== null && typeof error === 'object') {
      const code = type === ERROR_TYPE_VALUE_OTHER ? (error as { code?: unknown }).code : undefined;
      if (typeof code === 'string' || (typeof code === 'number' && Number.isFinite(code)))
        exception.code = code;
      const stack = (error as { stack?: unknown }).stack;
      if (typeof stack === 'string') exception.stack = redacted(stack, redact);
    }
  } catch {
    // keep what we have
  }
  return exception;
}

/**
 * Records a failed or cancelled generation on its (recording) span. Failure: exception event,
 * status ERROR with the (redacted) message, `error.type`. Cancelled: status ERROR `cancelled`,
 * `error.type` `cancelled`, finish reasons `['error']`, and the exception event only when the
 * provider call itself failed (`withException`), not when the consumer stopped a stream.
 */
export function setErrorAttributes(
  span: Span,
  error: unknown,
  cancelled: boolean,
  withException: boolean,
  redact: Redactor | undefined,
): void {
  if (cancelled) {
    span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_CANCELLED);
    span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [GEN_AI_FINISH_REASON_VALUE_ERROR]);
    if (withException) {
      const message = errorMessage(error);
      span.recordException(exceptionOf(error, errorType(error), redacted(message, redact), redact));
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_VALUE_CANCELLED });
    return;
  }
  const type = errorType(error);
  const raw = errorMessage(error);
  const message = redacted(raw, redact);
  span.recordException(exceptionOf(error, type, message, redact));
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute(ATTR_ERROR_TYPE, type);
}
