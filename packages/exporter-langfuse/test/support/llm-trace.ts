import {
  context,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { loadFixture } from './fixtures';
import { withTraceContextValue } from './tracing';

/** The trace context every span of {@link runLlmTrace} starts under. */
export const TRACE_CONTEXT = {
  sessionId: 'session-42',
  userId: 'user-7',
  tags: ['beta', 'checkout'],
  traceName: 'support-flow',
  metadata: { tenant: 'acme' },
};

/**
 * The trace-level Langfuse attributes every sent span of {@link runLlmTrace} carries, with the
 * environment `staging` and the release `v1.4.0` configured.
 */
export const TRACE_LEVEL_ATTRIBUTES = {
  'langfuse.session.id': TRACE_CONTEXT.sessionId,
  'langfuse.user.id': TRACE_CONTEXT.userId,
  'langfuse.trace.tags': TRACE_CONTEXT.tags,
  'langfuse.trace.name': TRACE_CONTEXT.traceName,
  'langfuse.trace.metadata.tenant': 'acme',
  'langfuse.environment': 'staging',
  'langfuse.release': 'v1.4.0',
};

/** Span names of {@link runLlmTrace}, with the instrumentation scope that creates each. */
export const SPANS = {
  httpServer: 'GET /support',
  workflow: 'invoke_workflow support',
  agent: 'invoke_agent helper',
  chat: 'chat gpt-4o-mini',
  tool: 'execute_tool get_weather',
  embeddings: 'embeddings text-embedding-3-small',
  cancelled: 'chat claude-sonnet',
  httpClient: 'POST',
  step: 'rank',
} as const;

function flows(provider: TracerProvider): Tracer {
  return provider.getTracer('@mellea/instrumentation-flows', '0.1.0');
}

/**
 * Runs a realistic trace through `provider`: an HTTP server span (not an LLM span) holding a
 * workflow → agent → chat (with captured content, a prompt and a time to first chunk) → tool, an
 * embeddings span, a cancelled chat, a step, and an outgoing HTTP client span. Spans are created
 * the way `@mellea/instrumentation-flows` creates them (tracer name, GenAI attributes, the neutral
 * trace-context attributes on its own spans), under the trace context {@link TRACE_CONTEXT}.
 */
export function runLlmTrace(provider: TracerProvider): void {
  const http = provider.getTracer('@opentelemetry/instrumentation-http', '0.223.0');
  const own = flows(provider);
  const neutral = {
    'session.id': TRACE_CONTEXT.sessionId,
    'user.id': TRACE_CONTEXT.userId,
    'tag.tags': TRACE_CONTEXT.tags,
  };
  const flowAttrs = {
    ...neutral,
    'mellea.trace.name': TRACE_CONTEXT.traceName,
    'mellea.trace.metadata.tenant': 'acme',
  };
  withTraceContextValue(TRACE_CONTEXT, () => {
    http.startActiveSpan(
      SPANS.httpServer,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } },
      (server) => {
        own.startActiveSpan(
          SPANS.workflow,
          {
            attributes: {
              ...flowAttrs,
              'gen_ai.operation.name': 'invoke_workflow',
              'gen_ai.workflow.name': 'support',
            },
          },
          (workflow) => {
            own.startActiveSpan(
              SPANS.agent,
              {
                attributes: {
                  ...flowAttrs,
                  'gen_ai.operation.name': 'invoke_agent',
                  'gen_ai.agent.name': 'helper',
                },
              },
              (agent) => {
                const chat = own.startSpan(SPANS.chat, {
                  kind: SpanKind.CLIENT,
                  attributes: { ...flowAttrs, ...loadFixture('chat-span-attributes') },
                });
                context.with(trace.setSpan(context.active(), chat), () => {
                  http
                    .startSpan(SPANS.httpClient, {
                      kind: SpanKind.CLIENT,
                      attributes: { 'http.request.method': 'POST' },
                    })
                    .end();
                });
                chat.end();
                own
                  .startSpan(SPANS.tool, {
                    attributes: { ...flowAttrs, ...loadFixture('tool-span-attributes') },
                  })
                  .end();
                agent.end();
              },
            );
            own
              .startSpan(SPANS.embeddings, {
                kind: SpanKind.CLIENT,
                attributes: {
                  ...flowAttrs,
                  'gen_ai.operation.name': 'embeddings',
                  'gen_ai.request.model': 'text-embedding-3-small',
                },
              })
              .end();
            const cancelled = own.startSpan(SPANS.cancelled, {
              kind: SpanKind.CLIENT,
              attributes: { ...flowAttrs, ...loadFixture('cancelled-chat-span-attributes') },
            });
            cancelled.setStatus({ code: SpanStatusCode.ERROR, message: 'cancelled' });
            cancelled.end();
            own.startSpan(SPANS.step, { attributes: { ...flowAttrs, 'mellea.step.name': 'rank' } }).end();
            workflow.end();
          },
        );
        server.end();
      },
    );
  });
}
