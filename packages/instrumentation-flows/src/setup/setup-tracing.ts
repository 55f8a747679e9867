import { hooks } from '@mellea/core-hooks';
import { trace } from '@opentelemetry/api';
import { setBaggageTrustOverride } from '../config/baggage-trust';
import { isOtelTrue, setContentCaptureOverride } from '../config/env-flags';
import { diagLogger } from '../diag/diag-logger';
import { BackendTracingPlugin } from '../plugin/backend-tracing-plugin';
import type { BackendTracingPluginOptions } from '../plugin/plugin-options';
import type { SpanProcessor } from '../sdk-types';
import { activeSetup, releaseActiveSetup, setActiveSetup } from './active-setup';
import { chooseExporters, type ExporterPlan } from './choose-exporters';
import { createSpanProcessors } from './create-span-processors';
import { installExitHandlers } from './exit-handlers';
import { exportTimeoutMs } from './export-timeout';
import { LazyTracerProvider } from './lazy-tracer-provider';
import {
  addLocalExportersToForeignProvider,
  askedLocalExporters,
} from './local-exporters-on-foreign-provider';
import { hasGlobalTracerProvider, type ResolvedProvider, resolveProvider } from './resolve-provider';
import { missingPackageMessage, missingSdkMessage } from './sdk/install-hint';
import { createSetupWarner } from './setup-warnings';
import { createTracingHandle, type TracingHandle } from './tracing-handle';

/** Options of {@link setupTracing}. Each defaults to its environment variable. */
export interface SetupOptions {
  /** `service.name` of the provider we build. Default `OTEL_SERVICE_NAME` (then the OTel default). */
  serviceName?: string;
  /** Record message content. Default `MELLEA_TRACES_CONTENT` / `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. */
  captureContent?: boolean;
  /** Export over OTLP/HTTP. Default: `MELLEA_TRACES_OTLP`, an OTLP endpoint variable, `OTEL_TRACES_EXPORTER`, or nothing else configured. */
  otlp?: boolean;
  /** Print each finished trace as a tree on stderr. Default `MELLEA_TRACES_CONSOLE`. */
  console?: boolean;
  /** Append OTLP/JSON lines to this file. Default `MELLEA_TRACES_FILE`. */
  file?: string;
  /** Send to Langfuse (needs `@mellea/exporter-langfuse`). Default `MELLEA_TRACES_LANGFUSE`. */
  langfuse?: boolean;
  /** Extra span processors for the provider we build (not added to a user's provider). */
  spanProcessors?: SpanProcessor[];
  /**
   * Take session, user and tags from incoming W3C baggage where no local `withTraceContext` sets
   * them: on generation, flow and (through `TraceContextSpanProcessor` and the Langfuse processor)
   * other instrumentations' spans. Baggage comes from the network: turn it on only where callers
   * are trusted. Default `MELLEA_TRACES_TRUST_BAGGAGE`.
   */
  trustBaggage?: boolean;
  /** Options of the {@link BackendTracingPlugin} that is registered on the global bus. */
  plugin?: BackendTracingPluginOptions;
}

/** How the set-up was asked for: in code (the caller owns shutdown) or by the environment. */
export type SetupMode = 'code' | 'env';

function inertHandle(release: () => void): TracingHandle {
  return createTracingHandle({
    lazy: undefined,
    resolved: () => undefined,
    unregisterPlugin: () => {},
    release,
  });
}

/** @internal The set-up behind {@link setupTracing}, the auto-setup and `/register`. */
export function setUp(options: SetupOptions, mode: SetupMode): TracingHandle {
  const existing = activeSetup();
  if (existing) {
    if (options && Object.keys(options).length > 0) {
      diagLogger.debug('tracing is already set up: the options of this call are ignored');
    }
    return existing;
  }
  const release = () => releaseActiveSetup(handle);
  const warner = createSetupWarner(mode === 'env');
  let handle: TracingHandle;
  try {
    if (isOtelTrue(process.env.OTEL_SDK_DISABLED)) {
      handle = inertHandle(release);
      setActiveSetup(handle);
      return handle;
    }
    const capture = typeof options.captureContent === 'boolean';
    if (capture) setContentCaptureOverride(options.captureContent);
    const trust = typeof options.trustBaggage === 'boolean';
    if (trust) setBaggageTrustOverride(options.trustBaggage);

    // A provider given for the plugin in code is the provider: nothing is built then.
    const explicit = options.plugin?.tracerProvider;
    let resolved: ResolvedProvider | undefined = explicit ? { owned: false, provider: explicit } : undefined;
    const lazy = new LazyTracerProvider(() => {
      if (resolved) return resolved.provider;
      try {
        let plan: ExporterPlan | undefined;
        const exporterPlan = () => {
          plan ??= chooseExporters({
            otlp: options.otlp,
            console: options.console,
            file: options.file,
            langfuse: options.langfuse,
            hasCodeProcessors: (options.spanProcessors?.length ?? 0) > 0,
          });
          return plan;
        };
        resolved = resolveProvider({
          serviceName: options.serviceName,
          spanProcessors: (sdk) => createSpanProcessors(exporterPlan(), warner, sdk, options.spanProcessors),
          onMissingSdk: (missing) =>
            warner.warnOnce(
              'sdk-missing',
              missing
                ? missingPackageMessage(
                    missing.error.packageName,
                    `${missing.sdk.source} needs it, so the application runs untraced`,
                    missing.sdk.line,
                  )
                : missingSdkMessage(exporterPlan()),
            ),
        });
        if (!resolved.owned && hasGlobalTracerProvider()) {
          // The app's own provider: console/file asked for are added if it allows, else explained.
          addLocalExportersToForeignProvider(resolved.provider, askedLocalExporters(options), warner);
        }
      } catch (error) {
        warner.warnOnce(
          'provider',
          `could not set up the tracer provider (${String(error)}); spans are not exported.`,
        );
        resolved = { owned: false, provider: trace.getTracerProvider() };
      }
      return resolved.provider;
    });

    const plugin = new BackendTracingPlugin({
      ...options.plugin,
      tracerProvider: explicit ?? lazy,
    });
    const unregisterPlugin = plugin.register(hooks);
    const removeExitHandlers = installExitHandlers(() => handle.forceFlush(), {
      signals: mode === 'env',
      timeoutMs: exportTimeoutMs(),
    });
    handle = createTracingHandle({
      lazy,
      resolved: () => resolved,
      unregisterPlugin,
      release: () => {
        removeExitHandlers();
        if (capture) setContentCaptureOverride(undefined);
        if (trust) setBaggageTrustOverride(undefined);
        release();
      },
    });
  } catch (error) {
    warner.warnOnce(
      'setup',
      `tracing could not be set up (${String(error)}); the application runs untraced.`,
    );
    handle = inertHandle(release);
  }
  setActiveSetup(handle);
  return handle;
}

/**
 * Sets up tracing in code: registers a {@link BackendTracingPlugin} on the global
 * `@mellea/core-hooks` bus whose spans go, from the first span on, to the global TracerProvider
 * the user registered by then (used as it is), or else to a provider we build from the OTel SDK
 * line the application installed (2.x or 3.x) and register, exporting as the options and environment variables say (OTLP/HTTP by default).
 * Idempotent: a second call returns the same handle. Flushes before a normal exit
 * (`beforeExit`); the caller owns shutdown through the handle. `OTEL_SDK_DISABLED=true` turns it
 * off. Never throws.
 *
 * @example
 * ```ts
 * import { setupTracing } from '@mellea/instrumentation-flows';
 * const tracing = setupTracing({ serviceName: 'my-agent', console: true });
 * // ... run generations ...
 * await tracing.shutdown();
 * ```
 */
export function setupTracing(options: SetupOptions = {}): TracingHandle {
  return setUp(options ?? {}, 'code');
}
