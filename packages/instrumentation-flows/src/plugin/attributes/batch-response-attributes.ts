import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
} from '../../semconv';
import { responseModelOf } from './response-attributes';
import { stringsOf } from './strings-of';

/** The first response model among the batch's responses, for the span and the metrics. */
export function batchResponseModel(responses: readonly unknown[]): string | undefined {
  for (let i = 0; i < responses.length; i++) {
    const model = responseModelOf(responses[i]);
    if (model !== undefined) return model;
  }
  return undefined;
}

/**
 * A batch's response attributes: the finish reasons of every response, in order; the response
 * model (the first one given); the response id only when the batch had a single response.
 */
export function setBatchResponseAttributes(span: Span, responses: readonly unknown[]): void {
  const reasons: string[] = [];
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i];
    const own =
      r !== null && typeof r === 'object'
        ? stringsOf((r as { finishReasons?: unknown }).finishReasons)
        : undefined;
    if (own !== undefined) for (const reason of own) reasons.push(reason);
  }
  if (reasons.length > 0) span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
  const model = batchResponseModel(responses);
  if (model !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
  if (responses.length === 1) {
    const id = (responses[0] as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '') span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, id);
  }
}
