import { type LangfuseConnection, nonEmpty, resolveLangfuseConnection } from './resolve-langfuse-connection';
import { validateEnvironment } from './validate-environment';

/** The options that configure where and as whom spans are sent; each defaults to its env var. */
export interface LangfuseConfigOptions {
  publicKey?: string;
  secretKey?: string;
  baseUrl?: string;
  environment?: string;
  release?: string;
}

/** Configuration after options and environment variables are merged and validated. */
export interface ResolvedLangfuseConfig extends LangfuseConnection {
  /** Only when valid (see `validateEnvironment`). */
  environment?: string;
  release?: string;
}

/**
 * Merges `options` over the environment: `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY`,
 * `LANGFUSE_BASE_URL` › `LANGFUSE_BASEURL` › `LANGFUSE_HOST` › `https://cloud.langfuse.com`,
 * `LANGFUSE_TRACING_ENVIRONMENT` (validated) and `LANGFUSE_RELEASE`. Empty strings count as unset.
 * Never throws; problems are diag warnings.
 */
export function resolveLangfuseConfig(
  options: LangfuseConfigOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedLangfuseConfig {
  const config: ResolvedLangfuseConfig = resolveLangfuseConnection(options, env);
  const environment =
    nonEmpty(options.environment) !== undefined
      ? validateEnvironment(nonEmpty(options.environment), 'the environment option')
      : validateEnvironment(nonEmpty(env.LANGFUSE_TRACING_ENVIRONMENT), 'LANGFUSE_TRACING_ENVIRONMENT');
  if (environment !== undefined) config.environment = environment;
  const release = nonEmpty(options.release) ?? nonEmpty(env.LANGFUSE_RELEASE);
  if (release !== undefined) config.release = release;
  return config;
}
