import type { SpanExporter, SpanProcessor } from '../sdk-types';
import { isHttpUrl, notAUrlMessage } from './endpoint-url';
import { loadOptionalPackage } from './load-optional-package';
import type { SetupWarner } from './setup-warnings';
import { warnOnFailedExport } from './warn-on-failed-export';

/** The Langfuse package, loaded only when asked for. */
export const LANGFUSE_PACKAGE = '@mellea/exporter-langfuse';

interface LangfuseModule {
  LangfuseSpanProcessor: new (options?: { exporter?: SpanExporter }) => SpanProcessor;
  LangfuseExporter?: new () => SpanExporter;
}

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
 * The stderr notice of a failed Langfuse export on the env-driven path (the exporter itself
 * reports it, with the masked public key, through the diag logger).
 */
function langfuseNotice(where: { url: string; source: string }) {
  return (error: Error | undefined) => {
    const status = (error as { code?: unknown } | undefined)?.code;
    return status === 401 || status === 403
      ? {
          key: 'langfuse-auth',
          message:
            `Langfuse rejected the credentials (HTTP ${status}); check LANGFUSE_PUBLIC_KEY, ` +
            'LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL. Spans are not sent to Langfuse.',
        }
      : {
          key: 'langfuse-export',
          message:
            `exporting spans to Langfuse at ${where.url} (${where.source}) failed ` +
            `(${error?.message ?? 'no reason given'}); further failures are not reported.`,
        };
  };
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
  const exporter = warnOnFailedExport(new LangfuseExporter(), warner, langfuseNotice(where), true);
  return new LangfuseSpanProcessor({ exporter });
}
