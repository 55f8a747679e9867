// @ts-check
/**
 * `tiny-llm-framework`: an example of a framework traced through `@mellea/core-hooks` alone.
 *
 * @packageDocumentation
 */
export { APIError } from './errors.mjs';
export { OpenAICompatibleBackend } from './openai-backend.mjs';
