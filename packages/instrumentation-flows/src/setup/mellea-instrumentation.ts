import { hooks } from '@mellea/core-hooks';
import { type MeterProvider, type TracerProvider, trace } from '@opentelemetry/api';
import { setBaggageTrustOverride } from '../config/baggage-trust';
import { setContentCaptureOverride } from '../config/env-flags';
import { diagLogger } from '../diag/diag-logger';
import { BackendTracingPlugin } from '../plugin/backend-tracing-plugin';
import type { BackendTracingPluginOptions } from '../plugin/plugin-options';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { installExitHandlers } from './exit-handlers';
import { exportTimeoutMs } from './export-timeout';
import { flushForeignProvider } from './flush-foreign-provider';
import { LazyTracerProvider } from './lazy-tracer-provider';
import {
  addLocalExportersToForeignProvider,
  askedLocalExporters,
} from './local-exporters-on-foreign-provider';
import { createSetupWarner } from './setup-warnings';

/**
 * Options of {@link MelleaInstrumentation}: the plugin's, plus `enabled`. A `tracerProvider` /
 * `meterProvider` given here is used until `setTracerProvider` / `setMeterProvider` hands over
 * another one (NodeSDK does, with its own).
 */
export type MelleaInstrumentationConfig = BackendTracingPluginOptions & {
  /** Enable from the constructor. Default `true` (as OTel's own instrumentations). */
  enabled?: boolean;
};

function flushProvider(provider: TracerProvider): Promise<void> {
  return flushForeignProvider(provider).then(
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
 * before a normal exit (`beforeExit`) while it is enabled. `MELLEA_TRACES_CONSOLE` /
 * `MELLEA_TRACES_FILE` add their exporters to the SDK's provider when it accepts processors after
 * it was built; SDK 2.x and 3.x providers do not, so one warning on stderr shows the line to add
 * to the NodeSDK's `spanProcessors` instead.
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
  #setContentCapture = false;
  #localExportersChecked = false;
  #setTrustBaggage = false;

  constructor(config: MelleaInstrumentationConfig = {}) {
    this.#config = this.#takeConfig(config);
    if (this.#config.enabled !== false) this.enable();
  }

  /** Registers the plugin on the global hook bus (no-op when already enabled). Never throws. */
  enable(): void {
    if (this.#unregister) return;
    try {
      const { enabled: _enabled, ...pluginOptions } = this.#config;
      if (typeof pluginOptions.captureContent === 'boolean') {
        setContentCaptureOverride(pluginOptions.captureContent);
        this.#setContentCapture = true;
      }
      if (typeof pluginOptions.trustBaggage === 'boolean') {
        setBaggageTrustOverride(pluginOptions.trustBaggage);
        this.#setTrustBaggage = true;
      }
      const plugin = new BackendTracingPlugin({
        ...pluginOptions,
        tracerProvider: this.#providerForPlugin(this.#tracerProvider),
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

  /**
   * Unregisters the plugin: no new generation spans from now on. A content-capture choice made by
   * its `captureContent` (and a baggage-trust choice made by its `trustBaggage`) is withdrawn. Never throws.
   */
  disable(): void {
    try {
      this.#unregister?.();
      this.#removeExitHandlers?.();
      if (this.#setContentCapture) setContentCaptureOverride(undefined);
      if (this.#setTrustBaggage) setBaggageTrustOverride(undefined);
    } catch (error) {
      diagLogger.warn('MelleaInstrumentation: could not disable', error);
    }
    this.#unregister = undefined;
    this.#removeExitHandlers = undefined;
    this.#plugin = undefined;
    this.#setContentCapture = false;
    this.#setTrustBaggage = false;
  }

  /** Uses `tracerProvider` from the next span on. */
  setTracerProvider(tracerProvider: TracerProvider): void {
    this.#tracerProvider = tracerProvider;
    this.#plugin?.setTracerProvider(this.#providerForPlugin(tracerProvider));
  }

  /** Uses `meterProvider` from the next measurement on. */
  setMeterProvider(meterProvider: MeterProvider): void {
    this.#meterProvider = meterProvider;
    this.#plugin?.setMeterProvider(meterProvider);
  }

  /** Replaces the configuration; an enabled instrumentation re-registers its plugin with it. */
  setConfig(config: MelleaInstrumentationConfig = {}): void {
    this.#config = this.#takeConfig(config);
    if (this.#unregister) {
      this.disable();
      this.enable();
    }
  }

  /** The configuration in effect (with `enabled` defaulted to `true`). */
  getConfig(): MelleaInstrumentationConfig {
    return this.#config;
  }

  // While MELLEA_TRACES_CONSOLE / MELLEA_TRACES_FILE are not yet dealt with: the provider, looked at
  // at the first span (NodeSDK registers its provider after handing over the global proxy), to add
  // those exporters to it if it allows, else to say (on stderr: a variable asked) what to add.
  #providerForPlugin(provider: TracerProvider | undefined): TracerProvider | undefined {
    if (this.#localExportersChecked) return provider;
    const asked = askedLocalExporters();
    if (asked.console === undefined && asked.file === undefined) return provider;
    return new LazyTracerProvider(() => {
      const resolved = provider ?? trace.getTracerProvider();
      if (!this.#localExportersChecked) {
        this.#localExportersChecked = true;
        addLocalExportersToForeignProvider(resolved, asked, createSetupWarner(true));
      }
      return resolved;
    });
  }

  // The config with `enabled` defaulted; its providers become the ones last given.
  #takeConfig(config: MelleaInstrumentationConfig | undefined): MelleaInstrumentationConfig {
    const taken: MelleaInstrumentationConfig = { enabled: true, ...(config ?? {}) };
    if (taken.tracerProvider) this.#tracerProvider = taken.tracerProvider;
    if (taken.meterProvider) this.#meterProvider = taken.meterProvider;
    return taken;
  }
}
