import { isTruthySwitch } from '../config/env-flags';
import { isHttpUrl, notAUrlMessage } from './endpoint-url';

/** The exporter switches that can be given in code; each defaults to its environment variable. */
export interface ExporterSwitches {
  /** OTLP/HTTP export. Default: the OTLP rules below (`MELLEA_TRACES_OTLP`, endpoints, ...). */
  otlp?: boolean;
  /** The console tree. Default `MELLEA_TRACES_CONSOLE`, or `OTEL_TRACES_EXPORTER` naming `console`. */
  console?: boolean;
  /** OTLP/JSON lines appended to this file. Default `MELLEA_TRACES_FILE`. */
  file?: string;
  /** The Langfuse span processor. Default `MELLEA_TRACES_LANGFUSE`. */
  langfuse?: boolean;
  /** Whether span processors were given in code (they count as "something configured"). */
  hasCodeProcessors?: boolean;
}

/** The OTLP protocols this package sends with. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** What the provider we build exports to, and what to warn about. */
export interface ExporterPlan {
  /** `source`: the variable the endpoint came from, or `undefined` for the default endpoint. */
  otlp: { protocol: OtlpProtocol; endpoint: string; source?: OtlpEndpointVariable } | undefined;
  console: boolean;
  file: string | undefined;
  langfuse: boolean;
  warnings: { key: string; message: string }[];
}

/** The OTLP/HTTP traces endpoint when none is configured (the OTel default). */
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** The variables an OTLP traces endpoint is read from, in the order the exporters read them. */
export type OtlpEndpointVariable = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_EXPORTER_OTLP_ENDPOINT';

type ConfiguredEndpoint = { url: string; source: OtlpEndpointVariable; valid: boolean };

/**
 * The endpoint the OTLP exporters will use and the variable it comes from (they read the
 * variables themselves; this is for checks and messages). `valid: false` when that value is not
 * an http(s) URL: the exporters would then quietly fall back to another endpoint.
 */
function configuredEndpoint(env: NodeJS.ProcessEnv): ConfiguredEndpoint | undefined {
  const traces = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (traces) return { url: traces, source: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', valid: isHttpUrl(traces) };
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (base) {
    return {
      url: `${base.replace(/\/+$/, '')}/v1/traces`,
      source: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      valid: isHttpUrl(base),
    };
  }
  return undefined;
}

function chooseProtocol(env: NodeJS.ProcessEnv, warnings: ExporterPlan['warnings']): OtlpProtocol {
  const name = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const raw = nonEmpty(env[name])?.toLowerCase() ?? 'http/protobuf';
  if (raw === 'http/protobuf' || raw === 'http/json') return raw;
  const why = raw === 'grpc' ? 'the gRPC protocol is not supported here' : 'it is not a known OTLP protocol';
  warnings.push({
    key: `otlp-protocol:${raw}`,
    message: `${name}=${raw}: ${why}; sending OTLP over http/protobuf instead (the collector's HTTP port is usually 4318).`,
  });
  return 'http/protobuf';
}

/**
 * Decides, from the code switches and the environment, which exporters the provider we build
 * gets (DESIGN §3 "Setup"):
 * - OTLP when `OTEL_TRACES_EXPORTER` names `otlp`, or `MELLEA_TRACES_OTLP` is truthy, or an OTLP
 *   endpoint variable is set, or nothing else is configured (console, file, Langfuse, processors
 *   in code) and `OTEL_TRACES_EXPORTER` is not `none`; `otlp: false` in code turns it off. When
 *   `OTEL_TRACES_EXPORTER` is set to supported values it is honoured as the OTel SDK does: an
 *   endpoint variable alone does not add OTLP to `console` or `none` (only `MELLEA_TRACES_OTLP` does).
 *   Protocol `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` › `OTEL_EXPORTER_OTLP_PROTOCOL` › `http/protobuf`;
 *   `grpc` (or an unknown value) warns and uses `http/protobuf`. `MELLEA_TRACES_OTLP` (or
 *   `otlp: true`) with no endpoint set warns once, then the default endpoint is used.
 * - the console tree when `MELLEA_TRACES_CONSOLE` is truthy or `OTEL_TRACES_EXPORTER` names `console`;
 * - the file exporter when `MELLEA_TRACES_FILE` is a path;
 * - Langfuse when `MELLEA_TRACES_LANGFUSE` is truthy.
 */
export function chooseExporters(
  switches: ExporterSwitches = {},
  env: NodeJS.ProcessEnv = process.env,
): ExporterPlan {
  const warnings: ExporterPlan['warnings'] = [];
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of named) {
    if (n !== 'otlp' && n !== 'console' && n !== 'none') {
      warnings.push({
        key: `traces-exporter:${n}`,
        message: `OTEL_TRACES_EXPORTER=${n} is not supported here (supported: otlp, console, none); ignored.`,
      });
    }
  }

  const console =
    switches.console ?? (isTruthySwitch(env.MELLEA_TRACES_CONSOLE) || named.includes('console'));
  const file = switches.file !== undefined ? nonEmpty(switches.file) : nonEmpty(env.MELLEA_TRACES_FILE);
  const langfuse = switches.langfuse ?? isTruthySwitch(env.MELLEA_TRACES_LANGFUSE);
  const configured = configuredEndpoint(env);
  const endpoint = configured?.url;
  const otlpAsked = switches.otlp ?? isTruthySwitch(env.MELLEA_TRACES_OTLP);
  const somethingElse = console || file !== undefined || langfuse || switches.hasCodeProcessors === true;

  // OTEL_TRACES_EXPORTER, when it names a supported value, is the OTel-side choice and is
  // honoured as the SDK does: an endpoint alone then does not add OTLP (`none` means none).
  const otelChoice = named.some((n) => n === 'otlp' || n === 'console' || n === 'none');
  const otlpOn =
    switches.otlp !== false &&
    (otlpAsked || (otelChoice ? named.includes('otlp') : endpoint !== undefined || !somethingElse));

  let otlp: ExporterPlan['otlp'];
  if (otlpOn && configured?.valid === false) {
    // The exporters would send to another endpoint in its place (localhost:4318): send nothing.
    const value = nonEmpty(env[configured.source]) ?? '';
    warnings.push({
      key: `otlp-endpoint-not-url:${configured.source}`,
      message: notAUrlMessage(
        configured.source,
        value,
        'no spans are sent over OTLP',
        configured.source === 'OTEL_EXPORTER_OTLP_ENDPOINT'
          ? 'http://localhost:4318'
          : 'http://localhost:4318/v1/traces',
      ),
    });
  } else if (otlpOn) {
    if (otlpAsked && endpoint === undefined) {
      const by = switches.otlp === true ? 'otlp: true was given' : 'MELLEA_TRACES_OTLP is set';
      warnings.push({
        key: 'otlp-no-endpoint',
        message:
          `${by} but no endpoint is (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT); ` +
          `exporting to the default ${DEFAULT_OTLP_TRACES_ENDPOINT}.`,
      });
    }
    otlp = { protocol: chooseProtocol(env, warnings), endpoint: endpoint ?? DEFAULT_OTLP_TRACES_ENDPOINT };
    if (configured) otlp.source = configured.source;
  }
  return { otlp, console, file, langfuse, warnings };
}
