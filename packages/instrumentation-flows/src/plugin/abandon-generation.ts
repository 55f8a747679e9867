import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_ABANDONED } from '../semconv';
import type { GenerationEntry } from './generation-entry';

/**
 * Ends the span of a generation that got no terminal event in time (or was pushed out past
 * `maxInFlight`): status ERROR `abandoned`, `error.type` `abandoned`. No metrics: its real
 * duration is unknown.
 */
export function abandonGeneration(entry: GenerationEntry): void {
  const span = entry.span;
  if (span === undefined) return;
  if (span.isRecording()) {
    span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_ABANDONED);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_VALUE_ABANDONED });
  }
  span.end();
}
