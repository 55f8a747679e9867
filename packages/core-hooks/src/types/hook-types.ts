/**
 * The six generation hook types, exactly as emitted on the bus.
 *
 * `generation_*` surround one provider call (chat, completion, embeddings);
 * `generation_batch_*` surround one provider request that carries several prompts.
 */
export type HookType =
  | 'generation_pre_call'
  | 'generation_post_call'
  | 'generation_error'
  | 'generation_batch_pre_call'
  | 'generation_batch_post_call'
  | 'generation_batch_error';

/** Every {@link HookType}, in lifecycle order (single generation first, then batch). */
export const GENERATION_HOOKS: readonly HookType[] = Object.freeze([
  'generation_pre_call',
  'generation_post_call',
  'generation_error',
  'generation_batch_pre_call',
  'generation_batch_post_call',
  'generation_batch_error',
] as const);
