import { createRequire } from 'node:module';
import type { SdkLookup, SdkRequire } from '../sdk/load-sdk-package';

const notFound = (id: string) =>
  Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });

/** A `require` from `from` that does not resolve the names `hidden` says. */
export function hiding(from: NodeJS.Require, hidden: (id: string) => boolean): SdkRequire {
  const r = ((id: string) => from(id)) as SdkRequire;
  r.resolve = ((id: string) => {
    if (hidden(id)) throw notFound(id);
    return from.resolve(id);
  }) as NodeJS.RequireResolve;
  return r;
}

// The packages that decide the line (and the context manager): an app without them sees none.
const LINE_PACKAGES = [
  '@opentelemetry/sdk-node',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/context-async-hooks',
];

/**
 * As an application that installed just `allowed`: nothing else resolves from its folder, and
 * inside a package only that package's own dependencies, minus the line packages not allowed
 * (this workspace's pnpm store would otherwise show every package to every other).
 */
export function onlyInstalled(...allowed: string[]): SdkLookup {
  const named = (id: string) => allowed.some((name) => id === name || id.startsWith(`${name}/`));
  return {
    requires: [hiding(require, (id) => !named(id))],
    inside: (file) => hiding(createRequire(file), (id) => LINE_PACKAGES.includes(id) && !named(id)),
  };
}
