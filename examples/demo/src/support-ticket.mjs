// The demo's workflow: one support ticket through steps, an agent with a tool, a batch, an
// embedding, a streamed chat and a caught failure. Tracing comes only from the flow helpers and
// from tiny-llm-framework's hook events; how spans are exported is the caller's set-up.
import {
  recordEdge,
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '@mellea/instrumentation-flows';
import { OpenAICompatibleBackend } from 'tiny-llm-framework';
import { lookupOrder } from './support-data.mjs';

/**
 * The demo's model client: any OpenAI-compatible server (`OPENAI_BASE_URL`).
 * @param {string} baseURL
 */
export function createBackend(baseURL) {
  return new OpenAICompatibleBackend({
    baseURL,
    apiKey: 'sk-demo-0000000000000000',
    model: 'gpt-4o-mini',
    completionModel: 'gpt-3.5-turbo-instruct',
    embeddingModel: 'text-embedding-3-small',
  });
}

/**
 * Handles one ticket as the `support-ticket` workflow, in the user's session.
 * @param {OpenAICompatibleBackend} llm
 * @param {typeof import('./support-data.mjs').TICKET} ticket
 * @param {(line: string) => void} say where the app reports progress
 */
export function handleTicket(llm, ticket, say) {
  return withTraceContext(
    {
      sessionId: 'demo-session-42',
      userId: 'user-ada',
      tags: ['demo', 'support'],
      traceName: 'support-ticket',
    },
    () =>
      traceWorkflow('support-ticket', () => supportTicket(llm, ticket, say), { 'demo.ticket.id': ticket.id }),
  );
}

/**
 * @param {OpenAICompatibleBackend} llm
 * @param {typeof import('./support-data.mjs').TICKET} ticket
 * @param {(line: string) => void} say
 */
async function supportTicket(llm, ticket, say) {
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
