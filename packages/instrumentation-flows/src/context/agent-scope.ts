import { type Context, createContextKey, type Span } from '@opentelemetry/api';
import { ATTR_GEN_AI_PROVIDER_NAME } from '../semconv';

/**
 * An `invoke_agent` span in progress, kept in the OTel context of the code it wraps so that what
 * runs inside can tell the agent's provider (the first generation's) and name (to a tool).
 */
export interface AgentScope {
  readonly span: Span;
  readonly name: string;
  /** `gen_ai.provider.name`: given to `traceAgent`, inherited, or the first generation's inside. */
  provider: string | undefined;
  /** The enclosing agent, if any. */
  readonly parent: AgentScope | undefined;
}

/** The OTel context key of the innermost {@link AgentScope}. */
export const AGENT_SCOPE_KEY: symbol = createContextKey('mellea.flows.agent-scope');

/** The innermost agent of `ctx`, if any. */
export function agentScopeOf(ctx: Context): AgentScope | undefined {
  return ctx.getValue(AGENT_SCOPE_KEY) as AgentScope | undefined;
}

/**
 * A generation inside agents whose provider is not known yet tells it: each such agent (the
 * innermost and its enclosing ones) gets `gen_ai.provider.name` while its span is still open.
 */
export function noteAgentProvider(scope: AgentScope | undefined, provider: string): void {
  for (let s = scope; s !== undefined && s.provider === undefined; s = s.parent) {
    s.provider = provider;
    if (s.span.isRecording()) s.span.setAttribute(ATTR_GEN_AI_PROVIDER_NAME, provider);
  }
}
