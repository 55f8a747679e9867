import { hooks } from '@mellea/core-hooks';
import { type MeterProvider, type TracerProvider, trace } from '@opentelemetry/api';
import { setContentCaptureOverride } from '../config/env-flags';
import { diagLogger } from '../diag/diag-logger';
import { BackendTracingPlugin } from '../plugin/backend-tracing-plugin';
import type { BackendTracingPluginOptions } from '../plugin/plugin-options';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { installExitHandlers } from './exit-handlers';
import { exportTimeoutMs } from './export-timeout';

/** Options of {@link MelleaInstrumentation}: the plugin's, plus `enabled`. */
export type MelleaInstrumentationConfig = Omit<
  BackendTracingPluginOptions,
  'tracerProvider' | 'meterProvider'
> & {
  /** Enable from the constructor. Default `true` (as OTel's own instrumentations). */
  enabled?: boolean;
};

type Flushable = TracerProvider & { forceFlush?(): Promise<unknown>; getDelegate?(): TracerProvider };

function flushProvider(provider: TracerProvider): Promise<void> {
  const p = provider as Flushable;
  const target = (typeof p.getDelegate === 'function' ? p.getDelegate() : p) as Flushable;
  if (typeof target.forceFlush !== 'function') return Promise.resolve();
  return target.forceFlush().then(
    () => undefined,
    (error) => diagLogger.warn('flush before exit failed', error),
  );
}

/**
 * The generation tracing as an OpenTelemetry instrumentation, for
 * `new NodeSDK({ instrumentations: [new MelleaInstrumentation()] })` or `registerInstrumentations`.
 * It implements `@opentelemetry/instrumentation`'s `Instrumentation` interface structurally (no
 * dependency on that package). Like OTel's own instrumentations it is enabled from its
 * constructor unless `enabled: false`. `enable()` registers a {@link BackendTracingPlugin} on the
 * global `@mellea/core-hooks` bus, `disable()` unregisters it. The plugin asks the provider it was
 * last given (`setTracerProvider`, `setMeterProvider`; NodeSDK hands over the global proxies,
 * which resolve to the SDK's providers once they are registered) at each span. Spans are flushed
 * before a normal exit (`beforeExit`) while it is enabled.
 *
 * @example
 * ```ts
 * const sdk = new NodeSDK({ instrumentations: [new MelleaInstrumentation(), new UndiciInstrumentation()] });
 * sdk.start();
 * ```
 */
export class MelleaInstrumentation {
  /** `@mellea/instrumentation-flows`. */
  readonly instrumentationName: string = PACKAGE_NAME;
  /** This package's version. */
  readonly instrumentationVersion: string = PACKAGE_VERSION;

  #config: MelleaInstrumentationConfig;
  #tracerProvider: TracerProvider | undefined;
  #meterProvider: MeterProvider | undefined;
  #plugin: BackendTracingPlugin | undefined;
  #unregister: (() => void) | undefined;
  #removeExitHandlers: (() => void) | undefined;

  constructor(config: MelleaInstrumentationConfig = {}) {
    this.#config = { enabled: true, ...config };
    if (this.#config.enabled !== false) this.enable();
  }

  /** Registers the plugin on the global hook bus (no-op when already enabled). Never throws. */
  enable(): void {
    if (this.#unregister) return;
    try {
      const { enabled: _enabled, ...pluginOptions } = this.#config;
      if (typeof pluginOptions.captureContent === 'boolean')
        setContentCaptureOverride(pluginOptions.captureContent);
      const plugin = new BackendTracingPlugin({
        ...pluginOptions,
        tracerProvider: this.#tracerProvider,
        meterProvider: this.#meterProvider,
      });
      this.#unregister = plugin.register(hooks);
      this.#plugin = plugin;
      this.#removeExitHandlers = installExitHandlers(
        () => flushProvider(this.#tracerProvider ?? trace.getTracerProvider()),
        { signals: false, timeoutMs: exportTimeoutMs() },
      );
    } catch (error) {
      diagLogger.warn('MelleaInstrumentation: could not enable', error);
    }
  }

  /** Unregisters the plugin: no new generation spans from now on. Never throws. */
  disable(): void {
    try {
      this.#unregister?.();
      this.#removeExitHandlers?.();
    } catch (error) {
      diagLogger.warn('MelleaInstrumentation: could not disable', error);
    }
    this.#unregister = undefined;
    this.#removeExitHandlers = undefined;
    this.#plugin = undefined;
  }

  /** Uses `tracerProvider` from the next span on. */
  setTracerProvider(tracerProvider: TracerProvider): void {
    this.#tracerProvider = tracerProvider;
    this.#plugin?.setTracerProvider(tracerProvider);
  }

  /** Uses `meterProvider` from the next measurement on. */
  setMeterProvider(meterProvider: MeterProvider): void {
    this.#meterProvider = meterProvider;
    this.#plugin?.setMeterProvider(meterProvider);
  }

  /** Replaces the configuration; an enabled instrumentation re-registers its plugin with it. */
  setConfig(config: MelleaInstrumentationConfig = {}): void {
    this.#config = { enabled: true, ...config };
    if (this.#unregister) {
      this.disable();
      this.enable();
    }
  }

  /** The configuration in effect (with `enabled` defaulted to `true`). */
  getConfig(): MelleaInstrumentationConfig {
    return this.#config;
  }
}
