// Langfuse configuration: where and as whom spans are sent (options over LANGFUSE_* variables),
// and how the credentials are kept out of logs.
import { diagLogger } from './diag/diag-logger';

/** Langfuse Cloud (EU), the default when no base URL is configured. */
export const DEFAULT_LANGFUSE_BASE_URL = 'https://cloud.langfuse.com';

/** Where and as whom spans are sent. */
export interface LangfuseConnection {
  publicKey?: string;
  secretKey?: string;
  /** Without trailing slashes; `undefined` when the configured value is not an http(s) URL. */
  baseUrl?: string;
}

/** The one warning given when a key is missing: names the variables, never their values. */
export const MISSING_KEYS_MESSAGE =
  'Langfuse export is disabled: LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY must both be set ' +
  '(or publicKey and secretKey passed in code); no spans are sent to Langfuse';

/** `value` trimmed, or `undefined` when it is not a string or is empty. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function normalizeBaseUrl(value: string, source: string): string | undefined {
  const trimmed = value.replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'http:' || url.protocol === 'https:') return trimmed;
  } catch {
    // reported below
  }
  diagLogger.warn(`${source} "${value.slice(0, 200)}" is not an http(s) URL; no spans are sent to Langfuse`);
  return undefined;
}

/**
 * Keys and base URL from `options`, else `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY` and
 * `LANGFUSE_BASE_URL` › `LANGFUSE_BASEURL` › `LANGFUSE_HOST` › `https://cloud.langfuse.com`.
 * Empty strings count as unset. Never throws; an unusable base URL is a diag warning.
 */
export function resolveLangfuseConnection(
  options: { publicKey?: string; secretKey?: string; baseUrl?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): LangfuseConnection {
  const connection: LangfuseConnection = {};
  const publicKey = nonEmpty(options.publicKey) ?? nonEmpty(env.LANGFUSE_PUBLIC_KEY);
  if (publicKey !== undefined) connection.publicKey = publicKey;
  const secretKey = nonEmpty(options.secretKey) ?? nonEmpty(env.LANGFUSE_SECRET_KEY);
  if (secretKey !== undefined) connection.secretKey = secretKey;
  const sources: [unknown, string][] = [
    [options.baseUrl, 'the baseUrl option'],
    [env.LANGFUSE_BASE_URL, 'LANGFUSE_BASE_URL'],
    [env.LANGFUSE_BASEURL, 'LANGFUSE_BASEURL'],
    [env.LANGFUSE_HOST, 'LANGFUSE_HOST'],
  ];
  const chosen = sources.find(([value]) => nonEmpty(value) !== undefined);
  const baseUrl = chosen ? normalizeBaseUrl(nonEmpty(chosen[0])!, chosen[1]) : DEFAULT_LANGFUSE_BASE_URL;
  if (baseUrl !== undefined) connection.baseUrl = baseUrl;
  return connection;
}

/** Langfuse's rule for environment names (`^(?!langfuse)[a-z0-9_-]+$`, at most 40 characters). */
const ENVIRONMENT_PATTERN = /^(?!langfuse)[a-z0-9_-]+$/;
const MAX_ENVIRONMENT_LENGTH = 40;

/**
 * Returns `value` when it is a valid Langfuse environment name; otherwise warns once (naming the
 * rule, and `source`, e.g. `LANGFUSE_TRACING_ENVIRONMENT`) and returns `undefined`, so the
 * environment is left out rather than rewritten by Langfuse into something unexpected.
 */
export function validateEnvironment(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length <= MAX_ENVIRONMENT_LENGTH && ENVIRONMENT_PATTERN.test(value)) return value;
  diagLogger.warn(
    `${source} "${value.slice(0, 60)}" is not a valid Langfuse environment ` +
      `(lowercase [a-z0-9_-], at most ${MAX_ENVIRONMENT_LENGTH} characters, not starting with "langfuse"); ` +
      'it is left out',
  );
  return undefined;
}

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

/**
 * Masks a Langfuse public key for logs: `pk-lf-1234…ab` keeps the first 8 and last 2 characters
 * (`pk-lf-12…ab`). Short keys keep less, so a mask never shows the whole key.
 */
export function maskPublicKey(publicKey: string): string {
  if (publicKey.length >= 12) return `${publicKey.slice(0, 8)}…${publicKey.slice(-2)}`;
  if (publicKey.length >= 6) return `${publicKey.slice(0, 3)}…`;
  return '…';
}

const REDACTED = '[redacted]';

/**
 * Removes every occurrence of the given credentials (the secret key and the Basic token built from
 * it) from `text`, so a message taken from an error or a response body can be logged safely.
 */
export function redactCredentials(text: string, credentials: readonly string[]): string {
  let out = text;
  for (const credential of credentials) {
    if (credential.length > 0 && out.includes(credential)) out = out.split(credential).join(REDACTED);
  }
  return out;
}
