/**
 * `@mellea/core-hooks`: the generation hook bus for LLM frameworks. Zero runtime dependencies.
 *
 * @packageDocumentation
 */
export {};
