import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
} from '../../semconv';
import { stringsOf } from './strings-of';

/** The response model of a (possibly malformed) response, for the metrics. */
export function responseModelOf(response: unknown): string | undefined {
  if (response === null || typeof response !== 'object') return undefined;
  const model = (response as { model?: unknown }).model;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

/**
 * Sets `gen_ai.response.{id,model,finish_reasons}` from a (possibly partial or malformed)
 * response; each only when present.
 */
export function setResponseAttributes(span: Span, response: unknown): void {
  if (response === null || typeof response !== 'object') return;
  const r = response as { id?: unknown; model?: unknown; finishReasons?: unknown };
  if (typeof r.id === 'string' && r.id !== '') span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, r.id);
  if (typeof r.model === 'string' && r.model !== '') span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, r.model);
  const reasons = stringsOf(r.finishReasons);
  if (reasons !== undefined && reasons.length > 0)
    span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
}
