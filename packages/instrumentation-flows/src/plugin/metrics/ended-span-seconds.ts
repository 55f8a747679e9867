import type { Span } from '@opentelemetry/api';

/**
 * The duration in seconds of an ended SDK span (its `duration` HrTime, read duck-typed), or
 * `undefined` for a span that has none (a non-recording span, another implementation).
 */
export function endedSpanSeconds(span: Span | undefined): number | undefined {
  const duration = (span as { duration?: unknown } | undefined)?.duration;
  if (!Array.isArray(duration) || duration.length !== 2) return undefined;
  const [s, ns] = duration as unknown[];
  if (typeof s !== 'number' || typeof ns !== 'number') return undefined;
  const total = s + ns / 1e9;
  return Number.isFinite(total) && total >= 0 ? total : undefined;
}
