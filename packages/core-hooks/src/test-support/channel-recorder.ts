import diagnosticsChannel from 'node:diagnostics_channel';

/** The five events of a tracing channel, in `TracingChannel.subscribe` order. */
export const TRACING_EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;
export type TracingEvent = (typeof TRACING_EVENTS)[number];

/** One event a channel subscriber saw: which, and the message object it was given. */
export interface SeenEvent {
  event: TracingEvent;
  message: Record<string, unknown>;
}

/**
 * Subscribes to every event of the tracing channel `name` through Node's own
 * `diagnostics_channel.tracingChannel` (as an APM agent would) until `stop()`.
 */
export function recordTracingChannel(name: string): {
  seen: SeenEvent[];
  order(): TracingEvent[];
  stop(): void;
} {
  const channel = diagnosticsChannel.tracingChannel(name);
  const seen: SeenEvent[] = [];
  const handlers = Object.fromEntries(
    TRACING_EVENTS.map((event) => [
      event,
      (message: unknown) => void seen.push({ event, message: message as Record<string, unknown> }),
    ]),
  ) as unknown as Parameters<typeof channel.subscribe>[0];
  channel.subscribe(handlers);
  return { seen, order: () => seen.map((s) => s.event), stop: () => channel.unsubscribe(handlers) };
}
