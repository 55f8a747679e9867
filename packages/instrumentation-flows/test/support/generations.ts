import {
  type GenerationRequest,
  type GenerationResponse,
  type HookBus,
  runGeneration,
  runGenerationBatch,
  type Usage,
} from '@mellea/core-hooks';

/** A chat request to a fixed model on a loopback server. */
export const CHAT_REQUEST: GenerationRequest = {
  operation: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  server: { address: '127.0.0.1', port: 8080 },
};

/** The attributes every GenAI metric of a {@link CHAT_REQUEST} generation carries. */
export const CHAT_METRIC_ATTRIBUTES = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': '127.0.0.1',
  'server.port': 8080,
};

/** Runs one successful generation on `bus` that answers `response`. */
export function succeedWith(
  bus: HookBus,
  response: GenerationResponse,
  request: GenerationRequest = CHAT_REQUEST,
): Promise<string> {
  return runGeneration(
    request,
    async () => 'answer',
    () => response,
    { bus },
  );
}

/** Runs one generation on `bus` whose call rejects with `error`; resolves with the error. */
export async function failWith(
  bus: HookBus,
  error: unknown,
  request: GenerationRequest = CHAT_REQUEST,
): Promise<unknown> {
  try {
    await runGeneration(
      request,
      async () => {
        throw error;
      },
      () => ({}),
      { bus },
    );
  } catch (e) {
    return e;
  }
  throw new Error('the generation did not fail');
}

/** Runs one batch generation of `responses.length` prompts. */
export function batchOf(
  bus: HookBus,
  responses: GenerationResponse[],
  usage?: Usage,
  request: Partial<GenerationRequest> = {},
): Promise<string> {
  return runGenerationBatch(
    {
      operation: 'text_completion',
      provider: 'openai',
      model: 'gpt-3.5-turbo-instruct',
      ...request,
      size: responses.length,
    },
    async () => 'batch',
    () => ({ responses, usage }),
    { bus },
  );
}
