import type { HookReturn } from '@mellea/core-hooks';
import { type Attributes, type Context, context, ROOT_CONTEXT, type Span } from '@opentelemetry/api';
import type { RequestInfo } from './attributes/request-attributes';

/**
 * One open generation span and what its end needs (kept small: up to `maxInFlight` of them live).
 * It is also what pre_call returns to the bus: its `around` runs the provider call in the span's
 * context (one object per generation instead of two).
 */
export class GenerationEntry implements RequestInfo, HookReturn {
  span: Span | undefined = undefined;
  /** The parent context with this span set (set at pre_call): the provider call runs in it. */
  context: Context = ROOT_CONTEXT;
  /** The in-flight registry's tick at pre_call: the abandoned-span deadline counts from here. */
  tick = 0;
  /** Whether content is recorded on this span (capture on and the span recording). */
  content = false;
  /** Batch prompts kept for the per-item events at the end (content only). */
  prompts: unknown = undefined;
  /** What each batch item's event repeats from the span's start attributes (content only). */
  eventAttributes: Attributes | undefined = undefined;
  operation = '';
  provider: string | undefined = undefined;
  model: string | undefined = undefined;
  serverAddress: string | undefined = undefined;
  serverPort: number | undefined = undefined;

  constructor(readonly batch: boolean) {}

  /** Runs the provider call in {@link context} (the bus calls it with this entry as `this`). */
  around<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }
}
