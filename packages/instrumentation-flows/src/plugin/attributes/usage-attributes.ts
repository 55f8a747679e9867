import type { Usage } from '@mellea/core-hooks';
import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_MELLEA_USAGE_TOTAL_TOKENS,
} from '../../semconv';

/**
 * Sets the usage attributes of a sanitized `Usage` (see `readUsage`): input tokens (inclusive of
 * cached ones), output tokens (inclusive of reasoning ones), cache reads, cache writes (under
 * `cacheWriteAttribute`: the v1.41 `cache_creation` name or the latest `cache_write` one),
 * reasoning tokens, and `mellea.usage.total_tokens` (given, else input + output).
 */
export function setUsageAttributes(span: Span, usage: Usage, cacheWriteAttribute: string): void {
  const { inputTokens, outputTokens, totalTokens } = usage;
  if (inputTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, inputTokens);
  if (outputTokens !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, outputTokens);
  if (usage.cacheReadInputTokens !== undefined)
    span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens);
  if (usage.cacheCreationInputTokens !== undefined)
    span.setAttribute(cacheWriteAttribute, usage.cacheCreationInputTokens);
  if (usage.reasoningOutputTokens !== undefined)
    span.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens);
  const total =
    totalTokens ??
    (inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined);
  if (total !== undefined) span.setAttribute(ATTR_MELLEA_USAGE_TOTAL_TOKENS, total);
}
