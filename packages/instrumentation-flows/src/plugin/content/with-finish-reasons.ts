/** Output messages looked at at most (the serializer keeps no more items than this either). */
const MAX_MESSAGES = 10_000;

type Loose = Record<string, unknown>;

/**
 * Output messages as the semconv schema wants them: every message with a `finish_reason`. A
 * message without one gets `reasons[i]` (the response's finish reasons, one per choice), else
 * `fallback` (`'error'` for a failed or cancelled generation). Such a message is copied, never
 * changed in place; when no message lacks a reason, `messages` itself is returned (no copy).
 */
export function withFinishReasons(
  messages: unknown,
  reasons: readonly unknown[] | undefined,
  fallback: string | undefined,
): unknown {
  if (!Array.isArray(messages)) return messages;
  let out: unknown[] | undefined;
  const n = Math.min(messages.length, MAX_MESSAGES);
  for (let i = 0; i < n; i++) {
    const message = messages[i];
    if (message === null || typeof message !== 'object' || Array.isArray(message)) continue;
    if (typeof (message as Loose).finish_reason === 'string') continue;
    const given = reasons?.[i];
    const reason = typeof given === 'string' ? given : fallback;
    if (reason === undefined) continue;
    out ??= messages.slice(0, n);
    out[i] = { ...(message as Loose), finish_reason: reason };
  }
  return out ?? messages;
}
