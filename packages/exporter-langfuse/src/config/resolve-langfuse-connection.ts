import { diagLogger } from '../diag/diag-logger';

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
