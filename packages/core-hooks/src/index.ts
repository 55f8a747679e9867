/**
 * `@mellea/core-hooks`: the generation hook bus for LLM frameworks. Zero runtime dependencies.
 *
 * A framework wraps each provider call in {@link runGeneration} (or
 * {@link runGenerationStream} / {@link runGenerationBatch}); tracing plugins register on the
 * global {@link hooks} bus and observe the six generation events.
 *
 * @packageDocumentation
 */

// --- bus ---
export { hooks } from './bus/global-bus';
export { HookBus, type HookBusOptions } from './bus/hook-bus';
export { type HookFailure, HookPhaseError, isHookPhaseError } from './bus/hook-phase-error';
// --- diagnostics channels ---
export { GENERATION_BATCH_CHANNEL, GENERATION_CHANNEL } from './channels/generation-channel';
// --- lifecycle ---
export type { GenerationOptions } from './lifecycle/generation-options';
export { newGenerationId } from './lifecycle/new-generation-id';
export { runGeneration } from './lifecycle/run-generation';
export { type BatchResponses, runGenerationBatch } from './lifecycle/run-generation-batch';
export { runGenerationStream } from './lifecycle/run-generation-stream';
export type { StreamCollector } from './lifecycle/stream-state';
export { type HookLogger, setHookLogger } from './logger/hook-logger';
// --- types ---
export type { GenerationBatchChannelMessage, GenerationChannelMessage } from './types/channel-messages';
export type { DeepReadonly } from './types/deep-readonly';
export { GENERATION_HOOKS, type HookType } from './types/hook-types';
export type {
  BlobPart,
  GenericPart,
  InputMessage,
  MessagePart,
  OutputMessage,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolCallResponsePart,
  UriPart,
} from './types/messages';
export type {
  AttributeValue,
  Content,
  GenerationBatchErrorPayload,
  GenerationBatchPostCallPayload,
  GenerationBatchPreCallPayload,
  GenerationBatchRequest,
  GenerationErrorPayload,
  GenerationParams,
  GenerationPostCallPayload,
  GenerationPreCallPayload,
  GenerationRequest,
  GenerationResponse,
  Operation,
  Usage,
} from './types/payloads';
export type {
  EmitResult,
  HookErrorMode,
  HookHandler,
  HookHandlers,
  HookPayloadMap,
  HookPlugin,
  HookReturn,
  PayloadOf,
} from './types/plugin';
export { resolveContent } from './types/resolve-content';

// --- usage ---
export { normalizeUsage } from './usage/normalize-usage';
export { sumUsage } from './usage/sum-usage';
