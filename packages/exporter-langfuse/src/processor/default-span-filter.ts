import type { ReadableSpan } from '../sdk-types';
import { ATTR_GEN_AI_PREFIX } from '../semconv';

/** Instrumentation scope names kept as they are (lowercase): the Vercel AI SDK, Langfuse's SDK. */
const KNOWN_SCOPE_NAMES: ReadonlySet<string> = new Set(['ai', 'langfuse-sdk']);

/** Scope name prefixes kept (lowercase): this project's packages. */
const KNOWN_SCOPE_PREFIXES: readonly string[] = ['@mellea/'];

/**
 * Fragments that mark a scope as an LLM instrumentation (lowercase, matched anywhere in the scope
 * name). They cover OTel contrib and Elastic (`@opentelemetry/instrumentation-openai`,
 * `@elastic/opentelemetry-instrumentation-openai`), OpenLLMetry/Traceloop
 * (`@traceloop/instrumentation-*`, `opentelemetry.instrumentation.anthropic`), OpenInference
 * (`@arizeai/openinference-instrumentation-*`), and the provider and framework SDKs themselves.
 */
export const KNOWN_LLM_SCOPE_FRAGMENTS: readonly string[] = [
  'openai',
  'anthropic',
  'langchain',
  'langgraph',
  'llamaindex',
  'llama_index',
  'llama-index',
  'openinference',
  'traceloop',
  'openllmetry',
  'bedrock',
  'vertexai',
  'vertex_ai',
  'vertex-ai',
  'google-genai',
  'google_genai',
  'generative-ai',
  'gemini',
  'cohere',
  'mistral',
  'ollama',
  'groq',
  'watsonx',
  'litellm',
  'langsmith',
  'haystack',
  'crewai',
  'autogen',
  'genkit',
  'mastra',
  'vllm',
  'pydantic-ai',
  'pydantic_ai',
];

/** Whether an instrumentation scope name belongs to this project or a known LLM instrumentation. */
export function isKnownLlmScope(scopeName: string | undefined): boolean {
  if (typeof scopeName !== 'string' || scopeName === '') return false;
  const name = scopeName.toLowerCase();
  if (KNOWN_SCOPE_NAMES.has(name)) return true;
  if (KNOWN_SCOPE_PREFIXES.some((prefix) => name.startsWith(prefix))) return true;
  return KNOWN_LLM_SCOPE_FRAGMENTS.some((fragment) => name.includes(fragment));
}

/** The scope name of a span: `instrumentationScope` (SDK 2.x/3.x) or `instrumentationLibrary` (1.x). */
export function scopeNameOf(span: unknown): string | undefined {
  const s = span as {
    instrumentationScope?: { name?: unknown };
    instrumentationLibrary?: { name?: unknown };
  };
  const name = s?.instrumentationScope?.name ?? s?.instrumentationLibrary?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The default export filter of `LangfuseSpanProcessor`: keeps spans of this project's packages
 * (scope `@mellea/*`), spans with any `gen_ai.*` attribute, and spans of known LLM
 * instrumentations (see {@link KNOWN_LLM_SCOPE_FRAGMENTS}, plus the scopes `ai` and `langfuse-sdk`).
 * Everything else (HTTP, database, framework spans) is not sent to Langfuse. Compose it in your
 * own `shouldExportSpan` to widen it: `(span) => isDefaultExportSpan(span) || myRule(span)`.
 */
export function isDefaultExportSpan(span: ReadableSpan): boolean {
  if (isKnownLlmScope(scopeNameOf(span))) return true;
  const attributes = span?.attributes;
  if (attributes === null || typeof attributes !== 'object') return false;
  for (const key in attributes) {
    if (key.startsWith(ATTR_GEN_AI_PREFIX)) return true;
  }
  return false;
}
