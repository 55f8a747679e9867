import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_MELLEA_USAGE_TOTAL_TOKENS,
} from '../../semconv';
import { batchResponseModel, type LooseUsage, stringsOf, text, tokenCount } from './payload-readers';

/**
 * Sets `gen_ai.response.{id,model,finish_reasons}` from a (possibly partial or malformed)
 * response; each only when present.
 */
export function setResponseAttributes(span: Span, response: unknown): void {
  if (response === null || typeof response !== 'object') return;
  const r = response as { id?: unknown; model?: unknown; finishReasons?: unknown };
  const id = text(r.id);
  if (id !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, id);
  const model = text(r.model);
  if (model !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
  const reasons = stringsOf(r.finishReasons);
  if (reasons !== undefined && reasons.length > 0)
    span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
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
    const id = text((responses[0] as { id?: unknown } | null)?.id);
    if (id !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, id);
  }
}

/**
 * Sets the usage attributes of a `Usage` (see `readUsage`), each only when it is a valid count:
 * input tokens (inclusive of cached ones), output tokens (inclusive of reasoning ones), cache
 * reads, cache writes (under `cacheWriteAttribute`: the v1.41 `cache_creation` name or the
 * latest `cache_write` one), reasoning tokens, and `mellea.usage.total_tokens` (given, else
 * input + output).
 */
export function setUsageAttributes(span: Span, usage: LooseUsage, cacheWriteAttribute: string): void {
  const input = tokenCount(usage.inputTokens);
  const output = tokenCount(usage.outputTokens);
  if (input !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
  if (output !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output);
  const cacheRead = tokenCount(usage.cacheReadInputTokens);
  if (cacheRead !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
  const cacheWrite = tokenCount(usage.cacheCreationInputTokens);
  if (cacheWrite !== undefined) span.setAttribute(cacheWriteAttribute, cacheWrite);
  const reasoning = tokenCount(usage.reasoningOutputTokens);
  if (reasoning !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
  const total =
    tokenCount(usage.totalTokens) ??
    (input !== undefined && output !== undefined ? input + output : undefined);
  if (total !== undefined) span.setAttribute(ATTR_MELLEA_USAGE_TOTAL_TOKENS, total);
}
