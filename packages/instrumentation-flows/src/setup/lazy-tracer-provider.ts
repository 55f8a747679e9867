import type { Context, Span, SpanOptions, Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';

/**
 * A TracerProvider that decides which provider it stands for only when the first span is
 * started: `resolve` runs once, at the first `startSpan`/`startActiveSpan` of any of its tracers,
 * so a provider the user registers after set-up but before the first generation is the one used.
 */
export class LazyTracerProvider implements TracerProvider {
  readonly #resolve: () => TracerProvider;
  #resolved: TracerProvider | undefined;

  constructor(resolve: () => TracerProvider) {
    this.#resolve = resolve;
  }

  /** The provider this one stands for, resolving it now if it was not yet. */
  resolve(): TracerProvider {
    this.#resolved ??= this.#resolve();
    return this.#resolved;
  }

  /** Whether the provider was resolved already. */
  get isResolved(): boolean {
    return this.#resolved !== undefined;
  }

  /** A tracer that resolves the provider at its first span. */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    let tracer: Tracer | undefined;
    const get = (): Tracer => {
      tracer ??= this.resolve().getTracer(name, version, options);
      return tracer;
    };
    return {
      startSpan(spanName: string, spanOptions?: SpanOptions, ctx?: Context): Span {
        return get().startSpan(spanName, spanOptions, ctx);
      },
      startActiveSpan(...args: unknown[]): unknown {
        return (get().startActiveSpan as (...a: unknown[]) => unknown)(...args);
      },
    } as Tracer;
  }
}
