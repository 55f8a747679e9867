import type { Usage } from '../types/payloads';

type Raw = Record<string, unknown>;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null ? (v as Raw) : undefined;
}

function first(...values: unknown[]): number | undefined {
  for (const v of values) {
    const n = num(v);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * Maps a provider's usage object onto {@link Usage}. Reads OpenAI Chat Completions
 * (`prompt_tokens`, `completion_tokens`, `*_tokens_details`), OpenAI Responses and Anthropic
 * (`input_tokens`, `output_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens`,
 * Anthropic's `output_tokens_details.thinking_tokens`),
 * Ollama (`prompt_eval_count`, `eval_count`) and an already normalized `Usage`. Top-level cache
 * and reasoning counts win over nested ones; non-numbers are dropped. `inputTokens` always
 * includes cached tokens: for Anthropic-shaped usage (no `prompt_tokens`, top-level cache counts)
 * the cache counts are added to `input_tokens`.
 *
 * @returns `undefined` when `raw` is not an object.
 */
export function normalizeUsage(raw: unknown): Usage | undefined {
  const u = obj(raw);
  if (u === undefined) return undefined;
  const cacheRead = first(
    u.cache_read_input_tokens,
    obj(u.prompt_tokens_details)?.cached_tokens,
    obj(u.input_tokens_details)?.cached_tokens,
    u.cacheReadInputTokens,
  );
  const cacheCreation = first(u.cache_creation_input_tokens, u.cacheCreationInputTokens);
  const reasoning = first(
    u.reasoning_tokens,
    obj(u.completion_tokens_details)?.reasoning_tokens,
    obj(u.output_tokens_details)?.reasoning_tokens,
    obj(u.output_tokens_details)?.thinking_tokens,
    u.reasoningOutputTokens,
  );

  let input = first(u.prompt_tokens, u.input_tokens, u.prompt_eval_count, u.inputTokens);
  const anthropicShaped =
    num(u.prompt_tokens) === undefined &&
    num(u.input_tokens) !== undefined &&
    (num(u.cache_read_input_tokens) !== undefined || num(u.cache_creation_input_tokens) !== undefined);
  if (anthropicShaped && input !== undefined) {
    input += (num(u.cache_read_input_tokens) ?? 0) + (num(u.cache_creation_input_tokens) ?? 0);
  }
  const output = first(u.completion_tokens, u.output_tokens, u.eval_count, u.outputTokens);
  const total = first(u.total_tokens, u.totalTokens);

  const usage: Usage = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (total !== undefined) usage.totalTokens = total;
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
  if (cacheCreation !== undefined) usage.cacheCreationInputTokens = cacheCreation;
  if (reasoning !== undefined) usage.reasoningOutputTokens = reasoning;
  return usage;
}
