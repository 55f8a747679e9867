import { isContentCaptureEnabled } from '../../config/env-flags';
import { DEFAULT_MAX_CONTENT_LENGTH } from '../plugin-options';
import { defaultRedactor, type Redactor } from '../redact/default-redactor';

/**
 * How content is recorded: the switch, the redactor and the per-string cap. A registered
 * `BackendTracingPlugin` publishes its own, so flow and tool spans (which the plugin does not
 * create) record content exactly as its generation spans do. Shared across copies of this package
 * through a versioned global symbol, so the shape only grows.
 */
export interface ContentPolicy {
  /** Whether content is recorded now. */
  contentOn(): boolean;
  /** Each string in the content is cut at this; each attribute at 4×. */
  maxContentLength: number;
  /** Runs on every string; `undefined`: strings are recorded as they are. */
  redact: Redactor | undefined;
}

const POLICIES = Symbol.for('mellea.instrumentation-flows.content-policies.v1');

/** With no plugin registered: the content-capture switch, the default redactor and caps. */
const DEFAULT_POLICY: ContentPolicy = {
  contentOn: isContentCaptureEnabled,
  maxContentLength: DEFAULT_MAX_CONTENT_LENGTH,
  redact: defaultRedactor,
};

function published(): ContentPolicy[] {
  const g = globalThis as Record<symbol, unknown>;
  let list = g[POLICIES];
  if (!Array.isArray(list)) {
    list = [];
    g[POLICIES] = list;
  }
  return list as ContentPolicy[];
}

/**
 * Makes `policy` the one flow spans use until the returned function withdraws it (the most
 * recently published policy still in place wins).
 */
export function publishContentPolicy(policy: ContentPolicy): () => void {
  const list = published();
  list.push(policy);
  return () => {
    const i = list.lastIndexOf(policy);
    if (i >= 0) list.splice(i, 1);
  };
}

/** The policy in force: the latest registered plugin's, else the defaults. */
export function activeContentPolicy(): ContentPolicy {
  const list = published();
  const policy = list[list.length - 1];
  return policy !== undefined && typeof policy.contentOn === 'function' ? policy : DEFAULT_POLICY;
}
