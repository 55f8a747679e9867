import type { TracerProvider } from '@opentelemetry/api';
import { isTruthySwitch } from '../config/env-flags';
import type { SpanProcessor } from '../sdk-types';
import { createLocalSpanProcessors } from './create-span-processors';
import { findOtelSdk, type OtelSdk } from './sdk/otel-sdk';
import type { SetupWarner } from './setup-warnings';

/** The local exporters asked for, and the name each was asked by (a variable or an option). */
export interface AskedLocalExporters {
  console?: string;
  file?: { path: string; askedBy: string };
}

/**
 * The local exporters asked for by `MELLEA_TRACES_CONSOLE` / `MELLEA_TRACES_FILE`, or by the
 * `console` / `file` options given in code (which win). `OTEL_TRACES_EXPORTER=console` is not
 * counted: an OTel SDK the app set up follows that variable itself.
 */
export function askedLocalExporters(
  options: { console?: boolean; file?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): AskedLocalExporters {
  const asked: AskedLocalExporters = {};
  if (options.console ?? isTruthySwitch(env.MELLEA_TRACES_CONSOLE)) {
    asked.console = options.console ? 'the console option' : 'MELLEA_TRACES_CONSOLE';
  }
  const file = (options.file ?? env.MELLEA_TRACES_FILE)?.trim();
  if (file) asked.file = { path: file, askedBy: options.file ? 'the file option' : 'MELLEA_TRACES_FILE' };
  return asked;
}

type AcceptsProcessors = TracerProvider & {
  addSpanProcessor?(processor: SpanProcessor): void;
  getDelegate?(): TracerProvider;
};

function advice(asked: string, askedBy: string, what: string, processor: string, imports: string): string {
  return (
    `${asked} asks for ${what}, but spans go to the application's own TracerProvider (e.g. its NodeSDK), ` +
    'which takes span processors only where it is built; nothing is added to it. Add this to the ' +
    `application's NodeSDK options instead of ${askedBy}: spanProcessors: [${processor}] ` +
    `(${imports}; keep any processors already listed).`
  );
}

/**
 * With a TracerProvider the application registered (its NodeSDK), adds the local exporters
 * asked for (console tree, file) when the provider accepts processors after it was built (a
 * duck-typed `addSpanProcessor`, looked up through the API's global proxy; the processors come
 * from the SDK line the application installed). Neither SDK 2.x nor 3.x providers do; then one
 * warning per exporter names the variable (or option) and shows the one line to add to the
 * application's NodeSDK. Never throws.
 */
export function addLocalExportersToForeignProvider(
  provider: TracerProvider,
  asked: AskedLocalExporters,
  warner: SetupWarner,
  findSdk: () => OtelSdk | undefined = findOtelSdk,
): void {
  if (asked.console === undefined && asked.file === undefined) return;
  try {
    const p = provider as AcceptsProcessors;
    const target = (typeof p.getDelegate === 'function' ? p.getDelegate() : p) as AcceptsProcessors;
    const sdk = typeof target.addSpanProcessor === 'function' ? findSdk() : undefined;
    if (sdk && typeof target.addSpanProcessor === 'function') {
      const local = { console: asked.console !== undefined, file: asked.file?.path };
      for (const processor of createLocalSpanProcessors(local, warner, sdk))
        target.addSpanProcessor(processor);
      return;
    }
  } catch (error) {
    warner.warnOnce(
      'foreign-local-exporters',
      `could not add local exporters to the application's provider (${String(error)}).`,
    );
    return;
  }
  // The processor as the application's SDK line writes it: `@opentelemetry/sdk-trace` takes
  // `{ exporter }`, the 2.x line's `@opentelemetry/sdk-trace-base` the exporter itself.
  let sdk: OtelSdk | undefined;
  try {
    sdk = findSdk();
  } catch {
    sdk = undefined;
  }
  const options = sdk?.source.startsWith('@opentelemetry/sdk-trace ') === true;
  const simple = (exporter: string) =>
    `new SimpleSpanProcessor(${options ? `{ exporter: ${exporter} }` : exporter})`;
  const imports = `SimpleSpanProcessor from ${options ? '@opentelemetry/sdk-trace' : '@opentelemetry/sdk-trace-base'}`;
  if (asked.console !== undefined) {
    warner.warnOnce(
      `foreign-console:${asked.console}`,
      advice(
        asked.console,
        asked.console,
        'the console trace tree',
        simple('new ConsoleTreeExporter()'),
        `${imports}, ConsoleTreeExporter from @mellea/instrumentation-flows`,
      ),
    );
  }
  if (asked.file !== undefined) {
    const { path, askedBy } = asked.file;
    warner.warnOnce(
      `foreign-file:${askedBy}`,
      advice(
        askedBy === 'MELLEA_TRACES_FILE' ? `${askedBy}=${path}` : `${askedBy} (${path})`,
        askedBy,
        'spans written to that file',
        simple(`new FileSpanExporter({ path: ${JSON.stringify(path)} })`),
        `${imports}, FileSpanExporter from @mellea/instrumentation-flows`,
      ),
    );
  }
}
