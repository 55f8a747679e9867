import { type Baggage, type Context, propagation } from '@opentelemetry/api';
import {
  BAGGAGE_LANGFUSE_SESSION_ID,
  BAGGAGE_LANGFUSE_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TAGS,
  BAGGAGE_USER_ID,
  TRUST_BAGGAGE_OVERRIDE_KEY_NAME,
} from '../semconv';
import type { TraceContextValue } from './read-trace-context';

type FromBaggage = Pick<TraceContextValue, 'sessionId' | 'userId' | 'tags'>;

const TRUST_OVERRIDE = Symbol.for(TRUST_BAGGAGE_OVERRIDE_KEY_NAME);
const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/**
 * Whether spans take session, user and tags from incoming baggage: `option`, else the choice
 * made in code through `@mellea/instrumentation-flows` (`setupTracing` / `MelleaInstrumentation`
 * `trustBaggage`, a versioned global), else `envTrusted` (`MELLEA_TRACES_TRUST_BAGGAGE`).
 */
export function isBaggageTrusted(option: boolean | undefined, envTrusted: boolean): boolean {
  if (option !== undefined) return option;
  const override = (globalThis as Record<symbol, unknown>)[TRUST_OVERRIDE];
  return typeof override === 'boolean' ? override : envTrusted;
}

/** `MELLEA_TRACES_TRUST_BAGGAGE` is `1`, `true`, `yes` or `on` (any case). */
export function isBaggageTrustedByEnv(): boolean {
  const value = process.env.MELLEA_TRACES_TRUST_BAGGAGE;
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/** 1..200 characters, no control character; else dropped (baggage is untrusted input). */
function valid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

function pick(baggage: Baggage, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = baggage.getEntry(key)?.value;
    if (valid(value)) return value;
  }
  return undefined;
}

function tags(baggage: Baggage): string[] | undefined {
  const raw = baggage.getEntry(BAGGAGE_TAGS)?.value;
  if (raw === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return undefined;
    const out = [...new Set(list.filter(valid))];
    return out.length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

const parsed = new WeakMap<Baggage, FromBaggage | undefined>();

function fromBaggage(baggage: Baggage): FromBaggage | undefined {
  if (parsed.has(baggage)) return parsed.get(baggage);
  const out: FromBaggage = {};
  const sessionId = pick(baggage, BAGGAGE_SESSION_ID, BAGGAGE_LANGFUSE_SESSION_ID);
  if (sessionId !== undefined) out.sessionId = sessionId;
  const userId = pick(baggage, BAGGAGE_USER_ID, BAGGAGE_LANGFUSE_USER_ID);
  if (userId !== undefined) out.userId = userId;
  const list = tags(baggage);
  if (list !== undefined) out.tags = list;
  const value = Object.keys(out).length > 0 ? Object.freeze(out) : undefined;
  parsed.set(baggage, value);
  return value;
}

/**
 * `local` completed from the baggage of `ctx`: session (`session.id`, else Langfuse's
 * `langfuse_session_id`), user (`user.id`, else `langfuse_user_id`) and tags (`tag.tags`, a JSON
 * array) where `local` has none. A local value always wins; nothing else is taken from baggage.
 */
export function withBaggageTraceContext(
  ctx: Context | undefined,
  local: TraceContextValue | undefined,
): TraceContextValue | undefined {
  let baggage: Baggage | undefined;
  try {
    baggage = ctx === undefined ? undefined : propagation.getBaggage(ctx);
  } catch {
    return local;
  }
  const remote = baggage === undefined ? undefined : fromBaggage(baggage);
  if (remote === undefined) return local;
  return Object.freeze({ ...remote, ...local });
}
