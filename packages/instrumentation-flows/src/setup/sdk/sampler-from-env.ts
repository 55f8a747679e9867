import type { Sampler } from '@opentelemetry/api';
import { diagLogger } from '../../diag/diag-logger';

/** The sampler classes `@opentelemetry/sdk-trace` exports (both lines). */
export interface SamplerClasses {
  AlwaysOnSampler: new () => Sampler;
  AlwaysOffSampler: new () => Sampler;
  TraceIdRatioBasedSampler: new (ratio?: number) => Sampler;
  ParentBasedSampler: new (config: { root: Sampler }) => Sampler;
}

function ratio(arg: string | undefined): number {
  if (arg === undefined || arg.trim() === '') return 1;
  const n = Number(arg);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  diagLogger.warn(`OTEL_TRACES_SAMPLER_ARG=${arg} is not a ratio between 0 and 1; using 1.`);
  return 1;
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` (and `OTEL_TRACES_SAMPLER_ARG`) name, made from the SDK's
 * classes, as the 2.x providers and NodeSDK read them; `undefined` for the default
 * (`parentbased_always_on`) or when unset. The 3.x `TracerProvider` reads no variable itself.
 */
export function samplerFromEnv(
  classes: SamplerClasses,
  env: NodeJS.ProcessEnv = process.env,
): Sampler | undefined {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (!name || name === 'parentbased_always_on') return undefined;
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  switch (name) {
    case 'always_on':
      return new classes.AlwaysOnSampler();
    case 'always_off':
      return new classes.AlwaysOffSampler();
    case 'traceidratio':
      return new classes.TraceIdRatioBasedSampler(ratio(arg));
    case 'parentbased_always_off':
      return new classes.ParentBasedSampler({ root: new classes.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new classes.ParentBasedSampler({ root: new classes.TraceIdRatioBasedSampler(ratio(arg)) });
    default:
      diagLogger.warn(`OTEL_TRACES_SAMPLER=${name} is not supported here; using parentbased_always_on.`);
      return undefined;
  }
}
