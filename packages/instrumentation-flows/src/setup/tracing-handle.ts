import { type TracerProvider, trace } from '@opentelemetry/api';
import { diagLogger } from '../diag/diag-logger';
import { flushForeignProvider } from './flush-foreign-provider';
import type { LazyTracerProvider } from './lazy-tracer-provider';
import type { ResolvedProvider } from './resolve-provider';

/**
 * What {@link setupTracing} returns. The caller owns it: `shutdown()` ends tracing when the app
 * is done. Its methods never reject.
 */
export interface TracingHandle {
  /**
   * The TracerProvider the generation spans go to: the one we built, or the user's global one.
   * Reading it resolves the provider (normally done at the first span).
   */
  readonly tracerProvider: TracerProvider;
  /** Exports every span ended so far. */
  forceFlush(): Promise<void>;
  /**
   * Unregisters the plugin from the hook bus and flushes. A provider we built is shut down (and
   * taken off the globals); a provider the user registered is flushed but never shut down.
   */
  shutdown(): Promise<void>;
}

async function quietly(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    diagLogger.warn(`${what} failed`, error);
  }
}

/** The parts a {@link TracingHandle} works on. */
export interface TracingHandleParts {
  /** The lazy provider the plugin was given, or `undefined` when the set-up is off. */
  lazy: LazyTracerProvider | undefined;
  /** What the lazy provider resolved to, once it did. */
  resolved(): ResolvedProvider | undefined;
  /** Unregisters the plugin from the bus. */
  unregisterPlugin(): void;
  /** Removes the exit handlers and forgets the global handle. */
  release(): void;
}

/** Makes the handle of one set-up. */
export function createTracingHandle(parts: TracingHandleParts): TracingHandle {
  let shutdown: Promise<void> | undefined;
  const forceFlush = () =>
    quietly('forceFlush', async () => {
      const r = parts.resolved();
      if (r === undefined) return;
      await (r.owned ? r.provider.forceFlush() : flushForeignProvider(r.provider));
    });
  return {
    get tracerProvider(): TracerProvider {
      try {
        return parts.lazy ? parts.lazy.resolve() : trace.getTracerProvider();
      } catch {
        return trace.getTracerProvider();
      }
    },
    forceFlush,
    shutdown() {
      shutdown ??= quietly('shutdown', async () => {
        try {
          parts.unregisterPlugin();
        } finally {
          parts.release();
        }
        const r = parts.resolved();
        if (r === undefined) return;
        if (r.owned) {
          r.unregister();
          await r.provider.shutdown();
        } else {
          await flushForeignProvider(r.provider);
        }
      });
      return shutdown;
    },
  };
}
