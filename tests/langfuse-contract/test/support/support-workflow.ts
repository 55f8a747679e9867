import {
  type GenerationResponse,
  type HookBus,
  runGeneration,
  runGenerationBatch,
  runGenerationStream,
} from '@mellea/core-hooks';
import {
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
  withTraceContext,
} from '@mellea/instrumentation-flows';

/** An API key that must never reach a collector while the default redactor is on. */
export const API_KEY = 'sk-proj-4fQ9xT2mLr8vBn3cKp7wZs1yHd6JgEaU';

/** The trace context the whole workflow runs in. */
export const TRACE_CONTEXT = {
  sessionId: 'session-42',
  userId: 'user-7',
  tags: ['support', 'beta'],
  traceName: 'support-ticket',
  metadata: { tier: 'gold', region: 'eu' },
};

/** The three prompts of the batch, in order, and their answers. */
export const BATCH_PROMPTS = ['Summarize ticket 1', 'Summarize ticket 2', 'Summarize ticket 3'];
export const BATCH_ANSWERS = ['Summary one', 'Summary two', 'Summary three'];

const user = (text: string) => [{ role: 'user' as const, parts: [{ type: 'text' as const, content: text }] }];
const assistant = (text: string) => [
  { role: 'assistant' as const, parts: [{ type: 'text' as const, content: text }], finish_reason: 'stop' },
];

async function* chunks(words: string[]): AsyncGenerator<string> {
  for (const word of words) {
    await new Promise((resolve) => setImmediate(resolve));
    yield word;
  }
}

function textCollector(model: string): { onChunk(c: string): void; response(): GenerationResponse } {
  let text = '';
  return {
    onChunk: (c) => {
      text += c;
    },
    response: () => ({
      model,
      finishReasons: ['stop'],
      usage: { inputTokens: 20, outputTokens: 4 },
      outputMessages: assistant(text),
    }),
  };
}

/**
 * A realistic support workflow through the real plugin (generations on `bus`) and the real flow
 * helpers, inside one `withTraceContext`: a triage agent with a prompt-linked chat, a tool called
 * with the API key in its arguments and result, a step with a streamed reply and a cancelled
 * stream, and a batch of three prompts. Resolves with the workflow's answer.
 */
export function runSupportWorkflow(bus: HookBus): Promise<string> {
  return withTraceContext(TRACE_CONTEXT, () =>
    traceWorkflow(
      'support',
      async () => {
        const category = await traceAgent(
          'triage',
          () =>
            runGeneration(
              {
                operation: 'chat',
                provider: 'openai',
                model: 'gpt-4o-mini',
                messages: user(`Classify: charged twice (key ${API_KEY})`),
                systemInstructions: [{ type: 'text', content: 'You triage support tickets.' }],
                attributes: { 'gen_ai.prompt.name': 'triage', 'gen_ai.prompt.version': '3' },
              },
              async () => 'billing',
              (text) => ({
                id: 'resp-1',
                model: 'gpt-4o-mini-2024-07-18',
                finishReasons: ['stop'],
                usage: { inputTokens: 31, outputTokens: 2 },
                outputMessages: assistant(text),
              }),
              { bus },
            ),
          undefined,
          { input: `My card was charged twice. My key is ${API_KEY}` },
        );
        await traceTool('lookup_invoice', async () => ({ invoice: 'INV-1', echoedKey: API_KEY }), {
          callId: 'call_1',
          type: 'function',
          arguments: JSON.stringify({ customer: 'c-1', apiKey: API_KEY }),
        });
        await traceStep(
          'draft',
          async () => {
            const reply = await runGenerationStream(
              {
                operation: 'chat',
                provider: 'openai',
                model: 'gpt-4o',
                stream: true,
                messages: user('Draft'),
              },
              () => chunks(['We ', 'refunded ', 'you.']),
              textCollector('gpt-4o'),
              { bus },
            );
            let text = '';
            for await (const c of reply) text += c;
            const abandoned = await runGenerationStream(
              {
                operation: 'chat',
                provider: 'openai',
                model: 'gpt-4o',
                stream: true,
                messages: user('Longer draft'),
              },
              () => chunks(['Dear ', 'customer, ', 'we ']),
              textCollector('gpt-4o'),
              { bus },
            );
            for await (const _ of abandoned) break; // the consumer stops: a cancelled generation
            return text;
          },
          undefined,
          { input: { category } },
        );
        await runGenerationBatch(
          {
            operation: 'text_completion',
            provider: 'openai',
            model: 'gpt-4o-mini',
            size: BATCH_PROMPTS.length,
            prompts: BATCH_PROMPTS.map(user),
          },
          async () => BATCH_ANSWERS,
          (answers) => ({
            responses: answers.map((text) => ({
              model: 'gpt-4o-mini',
              finishReasons: ['stop'],
              usage: { inputTokens: 5, outputTokens: 3 },
              outputMessages: assistant(text),
            })),
          }),
          { bus },
        );
        return `resolved as ${category}`;
      },
      undefined,
      { input: { ticket: 'T-1', text: 'charged twice', apiKey: API_KEY } },
    ),
  );
}
