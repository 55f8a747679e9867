// The demo app: a support-ticket workflow over tiny-llm-framework. It has no tracing set-up code:
// run it with MELLEA_TRACES_ENABLED=1 (and an exporter: MELLEA_TRACES_CONSOLE=1 and/or an OTLP
// endpoint) and every step, agent, tool and model call becomes a span. OPENAI_BASE_URL points it
// at any OpenAI-compatible server (run-demo.mjs starts a local mock).
import {
  recordEdge,
  setupTracing,
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '@mellea/instrumentation-flows';
import { OpenAICompatibleBackend } from 'tiny-llm-framework';
import { lookupOrder, TICKET } from './src/support-data.mjs';

// WORKAROUND (remove when fixed in @mellea/instrumentation-flows): the env-driven set-up registers
// its context manager lazily, with its tracer provider, at the first span. A withTraceContext()
// entered before any span therefore has no context manager and its session/user/tags are lost.
// Reading the handle's provider (setupTracing() returns the env set-up's handle) registers it now.
void setupTracing().tracerProvider;

const llm = new OpenAICompatibleBackend({
  baseURL: process.env.OPENAI_BASE_URL ?? 'http://127.0.0.1:8787/v1',
  apiKey: 'sk-demo-0000000000000000',
  model: 'gpt-4o-mini',
  completionModel: 'gpt-3.5-turbo-instruct',
  embeddingModel: 'text-embedding-3-small',
});

const say = (line) => console.log(`  app │ ${line}`);

async function supportTicket(ticket) {
  const [vector] = await traceStep('understand', () => llm.embed([ticket.text]));
  say(`embedded the ticket: ${vector.length} dimensions`);
  recordEdge('understand', 'triage');

  const [category, summary] = await traceStep('triage', () =>
    llm.completeBatch([`Classify this ticket: ${ticket.text}`, `Summarize this ticket: ${ticket.text}`], {
      maxTokens: 32,
    }),
  );
  say(`triage (one batch request, 2 prompts): category=${category.trim()}; summary="${summary.trim()}"`);
  recordEdge('triage', 'resolve');

  const resolution = await traceStep('resolve', () =>
    traceAgent('support-agent', async () => {
      const order = await traceTool('lookup_order', () => lookupOrder(ticket.orderId), {
        callId: 'call_001',
        type: 'function',
        arguments: { orderId: ticket.orderId },
      });
      const reply = await llm.chat(
        [
          { role: 'system', content: 'You are a billing support agent. Be brief.' },
          { role: 'user', content: `${ticket.text}\nOrder: ${JSON.stringify(order)}` },
        ],
        { model: 'o4-mini', temperature: 0.2, maxTokens: 200 },
      );
      return reply.text;
    }),
  );
  say(`agent: ${resolution}`);
  recordEdge('resolve', 'reply');

  await traceStep('reply', async () => {
    process.stdout.write('  app │ streamed reply: ');
    for await (const piece of llm.chatStream([
      { role: 'user', content: `Say hello to ${ticket.customer}` },
    ])) {
      process.stdout.write(piece);
    }
    process.stdout.write('\n');
  });
  recordEdge('reply', 'escalate');

  await traceStep('escalate', async () => {
    try {
      await llm.chat([{ role: 'user', content: 'Escalate T-1042 to a human.' }], { model: 'fail-model' });
    } catch (err) {
      say(`escalation model failed (on purpose, caught): ${err.name}: ${err.message}`);
    }
  });
}

await withTraceContext(
  {
    sessionId: 'demo-session-42',
    userId: 'user-ada',
    tags: ['demo', 'support'],
    traceName: 'support-ticket',
  },
  () => traceWorkflow('support-ticket', () => supportTicket(TICKET), { 'demo.ticket.id': TICKET.id }),
);
say('done (the OTLP exporter flushes as the process exits)');
