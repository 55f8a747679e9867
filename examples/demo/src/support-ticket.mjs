// @ts-check
// The demo's workflow: one support ticket, handled by an agent that plans, runs two tools in
// parallel, embeds the ticket, scores candidate replies in one batch, survives a failing model call
// with a retry, streams its answer and stops a second stream early. Tracing comes only from the
// flow helpers and from tiny-llm-framework's hook events; how spans are exported is the caller's set-up.
import { traceAgent, traceTool, traceWorkflow, withTraceContext } from '@mellea/instrumentation-flows';
import { OpenAICompatibleBackend } from 'tiny-llm-framework';
import { CANDIDATE_REPLIES, lookupOrder } from './support-data.mjs';

/** The session, user and tags every span of the run carries. */
export const DEMO_CONTEXT = Object.freeze({
  sessionId: 'demo-session-42',
  userId: 'user-ada',
  tags: ['demo', 'support'],
  traceName: 'support-ticket',
});

/** The model of the first attempt of the summary: the mock answers it with a 500 (a real provider: 404). */
export const FAILING_MODEL = 'fail-model';

/**
 * The demo's model client: any OpenAI-compatible server. OpenAI's model names by default;
 * `OPENAI_MODEL`, `OPENAI_COMPLETION_MODEL` and `OPENAI_EMBEDDING_MODEL` name others.
 * @param {string} baseURL
 * @param {NodeJS.ProcessEnv} [env]
 */
export function createBackend(baseURL, env = process.env) {
  const llm = new OpenAICompatibleBackend({
    baseURL,
    apiKey: env.OPENAI_API_KEY ?? 'sk-demo-0000000000000000',
    model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    completionModel: env.OPENAI_COMPLETION_MODEL ?? 'gpt-3.5-turbo-instruct',
    embeddingModel: env.OPENAI_EMBEDDING_MODEL ?? 'text-embedding-3-small',
  });
  // The planner: a reasoning model (its spans show reasoning tokens).
  return Object.assign(llm, { plannerModel: env.OPENAI_MODEL ?? 'o4-mini' });
}

/**
 * Handles one ticket as the `support-ticket` workflow, in the user's session.
 * @param {ReturnType<typeof createBackend>} llm
 * @param {typeof import('./support-data.mjs').TICKET} ticket
 * @param {(line: string) => void} say where the app reports progress
 */
export function handleTicket(llm, ticket, say) {
  return withTraceContext(DEMO_CONTEXT, () =>
    traceWorkflow('support-ticket', () => traceAgent('support-agent', () => supportAgent(llm, ticket, say)), {
      'demo.ticket.id': ticket.id,
    }),
  );
}

/**
 * @param {ReturnType<typeof createBackend>} llm
 * @param {typeof import('./support-data.mjs').TICKET} ticket
 * @param {(line: string) => void} say
 */
async function supportAgent(llm, ticket, say) {
  const plan = await llm.chat([{ role: 'user', content: `Plan how to handle this ticket: ${ticket.text}` }], {
    model: llm.plannerModel,
  });
  say(`plan: ${plan.text}`);

  const [order, policy] = await Promise.all([
    traceTool('lookup_order', () => lookupOrder(ticket.orderId), {
      callId: 'call_001',
      type: 'function',
      arguments: { orderId: ticket.orderId },
    }),
    traceTool(
      'check_refund_policy',
      async () => {
        const reply = await llm.chat(
          [{ role: 'user', content: 'Does our refund policy cover a duplicate charge? One sentence.' }],
          { temperature: 0, maxTokens: 60 },
        );
        return reply.text;
      },
      { callId: 'call_002', type: 'function', arguments: { case: 'duplicate charge' } },
    ),
  ]);
  say(`tools (in parallel): order ${order.orderId} charged ${order.charges}×; policy: ${policy}`);

  const [vector] = await llm.embed([ticket.text]);
  say(`embedded the ticket (${vector.length} dimensions) to look for similar ones`);

  const scores = await llm.completeBatch(
    CANDIDATE_REPLIES.map((reply) => `Score this reply from 1 to 10: ${reply}`),
    { maxTokens: 4 },
  );
  say(
    `scored ${scores.length} candidate replies in one batch request: ${scores.map((s) => s.trim()).join(', ')}`,
  );

  const summary = await withRetry(
    [FAILING_MODEL, llm.model],
    (model) => llm.chat([{ role: 'user', content: `Summarize this ticket: ${ticket.text}` }], { model }),
    (err, model) => say(`summary on ${model} failed (${err.name}: ${err.message}); retrying on ${llm.model}`),
  );
  say(`summary: ${summary.text}`);

  let answer = '';
  for await (const piece of llm.chatStream([
    { role: 'user', content: `Reply to ${ticket.customer}: ${ticket.text}` },
  ])) {
    answer += piece;
  }
  say(`answer (streamed): ${answer}`);

  let preview = '';
  for await (const piece of llm.chatStream([{ role: 'user', content: `Translate into French: ${answer}` }])) {
    preview += piece;
    break; // the customer closed the chat: the stream is stopped after its first chunk
  }
  say(`translation stopped after its first chunk ("${preview.trim()}"): that generation is cancelled`);
  return answer;
}

/**
 * Calls `attempt` with each model in turn until one succeeds.
 * @template T
 * @param {string[]} models
 * @param {(model: string) => Promise<T>} attempt
 * @param {(err: any, model: string) => void} onFailure
 * @returns {Promise<T>}
 */
async function withRetry(models, attempt, onFailure) {
  for (const [i, model] of models.entries()) {
    try {
      return await attempt(model);
    } catch (err) {
      if (i === models.length - 1) throw err;
      onFailure(err, model);
    }
  }
  throw new Error('no model to try');
}
