import type { ExportResult, ReadableSpan, SpanExporter, SpanProcessor } from '../sdk-types';
import { isHttpUrl, notAUrlMessage } from './endpoint-url';
import { loadOptionalPackage } from './load-optional-package';
import type { SetupWarner } from './setup-warnings';

/** The Langfuse package, loaded only when asked for. */
export const LANGFUSE_PACKAGE = '@mellea/exporter-langfuse';

type ExporterClass = new () => SpanExporter;
interface LangfuseModule {
  LangfuseSpanProcessor: new (options?: { exporter?: SpanExporter }) => SpanProcessor;
  LangfuseExporter?: ExporterClass;
}

const FAILED = 1; // ExportResultCode.FAILED

const BASE_URL_VARIABLES = ['LANGFUSE_BASE_URL', 'LANGFUSE_BASEURL', 'LANGFUSE_HOST'] as const;

/** The Langfuse base URL the exporter will read, and where it comes from (for checks and messages). */
function langfuseBaseUrl(env: NodeJS.ProcessEnv): { url: string; source: string } {
  for (const name of BASE_URL_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return { url: value, source: name };
  }
  return { url: 'https://cloud.langfuse.com', source: 'the default' };
}

/**
 * The Langfuse exporter with its failures also written once to stderr (the env-driven set-up's
 * rule; the exporter itself reports them, with the masked public key, through the diag logger).
 * A subclass, so the processor still knows it for the exporter that reports its own failures.
 */
function withStderrNotice(
  Base: ExporterClass,
  warner: SetupWarner,
  where: { url: string; source: string },
): SpanExporter {
  class LangfuseExporterWithNotice extends Base {
    override export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      super.export(spans, (result) => {
        if (result.code === FAILED) {
          const status = (result.error as { code?: unknown } | undefined)?.code;
          if (status === 401 || status === 403) {
            warner.stderrOnce(
              'langfuse-auth',
              `Langfuse rejected the credentials (HTTP ${status}); check LANGFUSE_PUBLIC_KEY, ` +
                'LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL. Spans are not sent to Langfuse.',
            );
          } else {
            warner.stderrOnce(
              'langfuse-export',
              `exporting spans to Langfuse at ${where.url} (${where.source}) failed ` +
                `(${result.error?.message ?? 'no reason given'}); ` +
                'further failures are not reported.',
            );
          }
        }
        resultCallback(result);
      });
    }
  }
  return new LangfuseExporterWithNotice();
}

/**
 * Makes `@mellea/exporter-langfuse`'s `LangfuseSpanProcessor`, the package resolved from the
 * application's folder. Not installed, failing to load, or without `LANGFUSE_PUBLIC_KEY` and
 * `LANGFUSE_SECRET_KEY`, or with a base URL variable that is not an http(s) URL: one warning
 * (naming the package, the two key variables but never their values, or the URL variable and its
 * value) and `undefined`, so tracing goes on without it.
 */
export function createLangfuseProcessor(
  warner: SetupWarner,
  env: NodeJS.ProcessEnv = process.env,
): SpanProcessor | undefined {
  const loaded = loadOptionalPackage<LangfuseModule>(LANGFUSE_PACKAGE);
  if (
    loaded.status === 'missing' ||
    (loaded.status === 'loaded' && typeof loaded.module.LangfuseSpanProcessor !== 'function')
  ) {
    warner.warnOnce(
      'langfuse-missing',
      `MELLEA_TRACES_LANGFUSE is set but ${LANGFUSE_PACKAGE} is not installed beside the application; ` +
        `tracing goes on without Langfuse. Install ${LANGFUSE_PACKAGE} to send traces to Langfuse.`,
    );
    return undefined;
  }
  if (loaded.status === 'failed') {
    warner.warnOnce(
      'langfuse-failed',
      `MELLEA_TRACES_LANGFUSE is set but ${LANGFUSE_PACKAGE} could not be loaded (${String(loaded.error)}); ` +
        'tracing goes on without Langfuse.',
    );
    return undefined;
  }
  if (!env.LANGFUSE_PUBLIC_KEY?.trim() || !env.LANGFUSE_SECRET_KEY?.trim()) {
    warner.warnOnce(
      'langfuse-keys',
      'MELLEA_TRACES_LANGFUSE is set but LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not both set; ' +
        'nothing is sent to Langfuse.',
    );
    return undefined;
  }
  const where = langfuseBaseUrl(env);
  if (!isHttpUrl(where.url)) {
    warner.warnOnce(
      `langfuse-base-url:${where.source}`,
      notAUrlMessage(where.source, where.url, 'nothing is sent to Langfuse', 'https://cloud.langfuse.com'),
    );
    return undefined;
  }
  const { LangfuseSpanProcessor, LangfuseExporter } = loaded.module;
  if (typeof LangfuseExporter !== 'function') return new LangfuseSpanProcessor();
  return new LangfuseSpanProcessor({ exporter: withStderrNotice(LangfuseExporter, warner, where) });
}
