// @ts-check
/**
 * `@mellea/mock-openai-server`: a deterministic OpenAI-compatible server on 127.0.0.1 for the demo
 * and tests. Never talks to the network.
 *
 * @packageDocumentation
 */
export { answerFor, chatUsage, embeddingFor } from './canned.mjs';
export { FAILING_MODELS, SLOW_MS } from './forced-errors.mjs';
export { startMockOpenAIServer } from './server.mjs';
