// The OpenTelemetry set-up every stack of the end-to-end comparison shares: the AsyncLocalStorage
// context manager, a tracer provider whose batch processor exports to nowhere, and a MeterProvider
// with a reader that is never collected (for the "with a MeterProvider" columns).
//
// On Node 20 and 22 the context manager's AsyncLocalStorage runs a promise hook for every promise
// of the process once it was first used, whoever made the promise. An uninstrumented baseline
// measured while it is on would carry part of tracing's cost, so the baselines run with it off
// (`contextOff`), as in an app that has no OpenTelemetry, and the traced cases with it on.
import { context, metrics } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { tracerProviderToNowhere } from './nowhere';

class UncollectedReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Sets up the shared OTel pieces; no MeterProvider is registered globally. */
export function setupOtel() {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = tracerProviderToNowhere();
  const meterProvider = new MeterProvider({ readers: [new UncollectedReader()] });
  return {
    tracerProvider,
    meterProvider,
    /** The API's no-op provider (none registered). */
    noopMeterProvider: metrics.getMeterProvider(),
    /** Turns the AsyncLocalStorage (and its promise hook) off until the next `context.with`. */
    contextOff: () => {
      contextManager.disable();
    },
    /** Turns it on, as it is once any span was made current. */
    contextOn: () => {
      context.with(context.active(), () => undefined);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
    },
  };
}
