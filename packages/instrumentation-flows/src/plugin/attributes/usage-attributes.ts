import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_MELLEA_USAGE_TOTAL_TOKENS,
} from '../../semconv';
import type { LooseUsage } from './read-usage';
import { tokenCount } from './token-count';

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
