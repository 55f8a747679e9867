import { type ChannelLike, loadDiagnosticsChannel } from './load-diagnostics-channel';

type Message = Record<string, unknown>;

const NO_CHANNEL: ChannelLike = Object.freeze({ hasSubscribers: false, publish() {} });

/**
 * One `node:diagnostics_channel` tracing channel (`tracing:<name>:start`, `:end`, `:asyncStart`,
 * `:asyncEnd`, `:error`) published with `TracingChannel.tracePromise` semantics, by name through
 * `diagnostics_channel.channel` (so every copy of this package, and a subscriber using
 * `diagnostics_channel.tracingChannel(name)`, share the same channels). Where
 * `diagnostics_channel` does not exist nothing is published.
 */
export class GenerationTracingChannel {
  readonly #start: ChannelLike;
  readonly #end: ChannelLike;
  readonly #asyncStart: ChannelLike;
  readonly #asyncEnd: ChannelLike;
  readonly #error: ChannelLike;

  constructor(name: string) {
    const dc = loadDiagnosticsChannel();
    const of = (event: string): ChannelLike => {
      if (dc === undefined) return NO_CHANNEL;
      try {
        return dc.channel(`tracing:${name}:${event}`);
      } catch {
        return NO_CHANNEL;
      }
    };
    // Held here for the life of the process: Node keeps unsubscribed channels only weakly.
    this.#start = of('start');
    this.#end = of('end');
    this.#asyncStart = of('asyncStart');
    this.#asyncEnd = of('asyncEnd');
    this.#error = of('error');
  }

  /** Whether any of the five channels has a subscriber (`TracingChannel.hasSubscribers`). */
  get active(): boolean {
    return (
      this.#start.hasSubscribers ||
      this.#end.hasSubscribers ||
      this.#asyncStart.hasSubscribers ||
      this.#asyncEnd.hasSubscribers ||
      this.#error.hasSubscribers
    );
  }

  /**
   * `start` (with the stores bound to it entered while `fn` runs), `fn`, then `end`, also when
   * `fn` throws (the caller then reports the failure with {@link fail}).
   */
  run<T>(message: Message, fn: () => T): T {
    const start = this.#start;
    try {
      if (typeof start.runStores === 'function') return start.runStores(message, fn);
      start.publish(message);
      return fn();
    } finally {
      this.#end.publish(message);
    }
  }

  /** The call succeeded: `terminal`'s fields go into `message`, then `asyncStart`, `asyncEnd`. */
  succeed(message: Message, terminal: object): void {
    assignTerminal(message, terminal);
    this.#asyncStart.publish(message);
    this.#asyncEnd.publish(message);
  }

  /** The call failed: `terminal`'s fields go into `message`, then `error`, `asyncStart`, `asyncEnd`. */
  fail(message: Message, terminal: object): void {
    assignTerminal(message, terminal);
    this.#error.publish(message);
    this.#asyncStart.publish(message);
    this.#asyncEnd.publish(message);
  }
}

/**
 * Copies a terminal hook payload's fields (all but the id the message already has). A message a
 * subscriber froze keeps what it has: the call goes on.
 */
function assignTerminal(message: Message, terminal: object): void {
  try {
    const fields = terminal as Message;
    for (const key in fields) if (key !== 'generationId') message[key] = fields[key];
  } catch {
    // a subscriber made the message read-only
  }
}

/** `mellea:generation`: every single generation, call or stream. */
export const GENERATION_CHANNEL = 'mellea:generation';
/** `mellea:generation_batch`: every batch request. */
export const GENERATION_BATCH_CHANNEL = 'mellea:generation_batch';

/** The channel of `runGeneration` and `runGenerationStream`. */
export const generationChannel: GenerationTracingChannel = new GenerationTracingChannel(GENERATION_CHANNEL);
/** The channel of `runGenerationBatch`. */
export const generationBatchChannel: GenerationTracingChannel = new GenerationTracingChannel(
  GENERATION_BATCH_CHANNEL,
);
