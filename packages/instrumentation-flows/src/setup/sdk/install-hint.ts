import type { ExporterPlan } from '../choose-exporters';

/** The first Node.js version the 3.x SDK line supports. */
const SDK3_NODE = [22, 15] as const;

/** Whether this Node.js runs the 3.x SDK line (≥ 22.15); older ones get the 2.x line. */
export function nodeRunsSdk3(nodeVersion: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = nodeVersion.split('.').map((n) => Number.parseInt(n, 10));
  return major > SDK3_NODE[0] || (major === SDK3_NODE[0] && minor >= SDK3_NODE[1]);
}

// Stable packages follow the line's major (2.x, 3.x), the others its 0.2xx / 0.3xx minor.
const EXPERIMENTAL = /^@opentelemetry\/(exporter-|otlp-|sdk-node$|instrumentation)/;

/** `name@range` of the SDK line this Node.js runs (`@opentelemetry/sdk-trace@^3.1`, ...). */
export function withRange(name: string, sdk3: boolean): string {
  if (name === '@opentelemetry/api') return `${name}@${sdk3 ? '~1.10' : '~1.9'}`;
  if (EXPERIMENTAL.test(name)) return `${name}@${sdk3 ? '^0.301' : '~0.223'}`;
  return `${name}@${sdk3 ? '^3.1' : '^2.12'}`;
}

/** The packages the provider we build needs, for the exporters of `plan`. */
export function packagesForPlan(plan: Pick<ExporterPlan, 'otlp' | 'file'>, sdk3: boolean): string[] {
  const names = sdk3
    ? [
        '@opentelemetry/api',
        '@opentelemetry/sdk-trace',
        '@opentelemetry/context-async-hooks',
        '@opentelemetry/resources',
      ]
    : ['@opentelemetry/sdk-trace-node', '@opentelemetry/resources'];
  if (plan.otlp) {
    names.push(
      plan.otlp.protocol === 'http/json'
        ? '@opentelemetry/exporter-trace-otlp-http'
        : '@opentelemetry/exporter-trace-otlp-proto',
    );
  } else if (plan.file) {
    names.push('@opentelemetry/otlp-transformer');
  }
  return names;
}

/** `npm install …` of `names`, each with the range of the SDK line this Node.js runs. */
export function npmInstallCommand(names: readonly string[], sdk3: boolean = nodeRunsSdk3()): string {
  return `npm install ${names.map((n) => withRange(n, sdk3)).join(' ')}`;
}

/**
 * The one warning given when tracing is on but the application has no OTel SDK: what to install
 * (for the exporters the set-up chose, on the SDK line this Node.js runs) and the command.
 */
export function missingSdkMessage(plan: Pick<ExporterPlan, 'otlp' | 'file'>, nodeVersion?: string): string {
  const sdk3 = nodeRunsSdk3(nodeVersion);
  const line = sdk3 ? 'the 3.x line (Node.js ≥ 22.15)' : 'the 2.x line (Node.js 20)';
  return (
    'tracing is on but no OpenTelemetry SDK is installed beside the application, so it runs untraced. ' +
    `Install the SDK, ${line}: ${npmInstallCommand(packagesForPlan(plan, sdk3), sdk3)}`
  );
}

/** The warning for one SDK package that is missing while the rest of the SDK is there. */
export function missingPackageMessage(name: string, what: string, sdkLine: number): string {
  return `${name} is not installed beside the application; ${what}. Install it: ${npmInstallCommand([name], sdkLine >= 3)}`;
}
