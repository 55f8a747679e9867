import type { HrTime } from '@opentelemetry/api';

// Shared by @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

/**
 * `[seconds, nanoseconds]` as milliseconds: `@opentelemetry/core`'s `hrTimeToMilliseconds`,
 * which these packages cannot import where only `@opentelemetry/api` is certain to be installed
 * (`@opentelemetry/core` is an optional peer).
 */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6;
}
