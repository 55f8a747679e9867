import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** An OTel SDK package found for the application. */
export interface SdkPackage<T = unknown> {
  module: T;
  /** Its `version` (from its package.json), `undefined` when it cannot be read. */
  version: string | undefined;
}

/** Where SDK packages are looked up, in order. */
export type SdkRequire = Pick<NodeJS.Require, 'resolve'> & ((id: string) => unknown);

/** Where an SDK package is looked up from: the application's folders, and how to look inside a package. */
export interface SdkLookup {
  requires: readonly SdkRequire[];
  /** A `require` relative to the file of a package found (to find that package's own dependencies). */
  inside(file: string): SdkRequire;
}

/**
 * Packages that carry the others as their own dependencies: an application that installed only
 * `@opentelemetry/sdk-node` (or only the OTLP exporter) has `sdk-trace`, `resources`, `core`, ...
 * inside it even where the package manager does not hoist them (pnpm).
 */
const ANCHORS = [
  '@opentelemetry/sdk-node',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/exporter-trace-otlp-http',
];

/**
 * Where the application's SDK packages are resolved from, in order: the folder of its entry
 * script (`process.argv[1]`: the app owns its OTel SDK), then this package's own folder (where
 * pnpm links the optional peers the app installed, and where a workspace has its dev
 * dependencies).
 */
export function applicationLookup(entryScript: string | undefined = process.argv[1]): SdkLookup {
  const requires: SdkRequire[] = [];
  if (entryScript) {
    requires.push(createRequire(path.join(path.dirname(path.resolve(entryScript)), '__mellea_sdk__.js')));
  }
  requires.push(require);
  return { requires, inside: createRequire };
}

function tryResolve(from: SdkRequire, name: string): string | undefined {
  try {
    return from.resolve(name);
  } catch {
    return undefined;
  }
}

/** The `version` of the package `name` whose file `resolved` is (its package.json, found upwards). */
function versionOf(resolved: string, name: string): string | undefined {
  let dir = path.dirname(resolved);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === name) return typeof pkg.version === 'string' ? pkg.version : undefined;
    } catch {
      // no (readable) package.json here: keep going up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the SDK package `name` as the application has it: from the first of the lookup's
 * `requires` that resolves it, else from inside one of the packages that depend on it ({@link ANCHORS}).
 * `undefined` when none has it. Throws only when the package is found but fails to load.
 */
export function loadSdkPackage<T>(
  name: string,
  { requires, inside: nested }: SdkLookup = applicationLookup(),
): SdkPackage<T> | undefined {
  const load = (from: SdkRequire, resolved: string): SdkPackage<T> => ({
    module: from(resolved) as T,
    version: versionOf(resolved, name),
  });
  for (const from of requires) {
    const resolved = tryResolve(from, name);
    if (resolved) return load(from, resolved);
  }
  for (const anchor of ANCHORS) {
    if (anchor === name) continue;
    for (const from of requires) {
      const anchorPath = tryResolve(from, anchor);
      if (!anchorPath) continue;
      const inside = nested(anchorPath);
      const resolved = tryResolve(inside, name);
      if (resolved) return load(inside, resolved);
    }
  }
  return undefined;
}

/** The major version of `version` (`3` for `3.1.1`), `undefined` when it has none. */
export function majorOf(version: string | undefined): number | undefined {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isNaN(major) ? undefined : major;
}
