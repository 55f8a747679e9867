import {
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_AGENT_OPERATIONS,
  GEN_AI_GENERATION_OPERATIONS,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  type LangfuseObservationType,
} from '../semconv';

const OWN_SCOPE_PREFIX = '@mellea/';

/**
 * The Langfuse observation type of a span, from `gen_ai.operation.name`: `generation` for
 * inference (`chat`, `text_completion`, `generate_content`), `embedding` (`embeddings`), `agent`
 * (`invoke_agent`, `create_agent`), `tool` (`execute_tool`), `span` for any other operation and for
 * this project's own spans without one (workflow, step). `undefined` for other instrumentations'
 * spans without an operation name: Langfuse's own mapping (OpenInference span kinds, Vercel AI SDK
 * operations, model attributes) then decides, which an explicit `span` would override.
 */
export function observationTypeOf(
  attributes: Readonly<Record<string, unknown>>,
  scopeName: string | undefined,
): LangfuseObservationType | undefined {
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string') {
    if (GEN_AI_GENERATION_OPERATIONS.has(operation)) return 'generation';
    if (operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) return 'embedding';
    if (GEN_AI_AGENT_OPERATIONS.has(operation)) return 'agent';
    if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) return 'tool';
    return 'span';
  }
  if (typeof scopeName === 'string' && scopeName.startsWith(OWN_SCOPE_PREFIX)) return 'span';
  return undefined;
}
