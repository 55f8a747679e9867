import { createRequire } from 'node:module';
import path from 'node:path';

/** Outcome of {@link loadOptionalPackage}. */
export type OptionalPackage<T> =
  | { status: 'loaded'; module: T }
  | { status: 'missing' }
  | { status: 'failed'; error: unknown };

/**
 * Loads an optional package (such as `@mellea/exporter-langfuse`) with `require`, resolved from
 * the folder of the application's entry script (`process.argv[1]`), never from the working
 * directory: the package counts as installed when the application could import it. Never throws.
 */
export function loadOptionalPackage<T>(
  name: string,
  entryScript: string | undefined = process.argv[1],
): OptionalPackage<T> {
  if (!entryScript) return { status: 'missing' };
  let resolved: string | undefined;
  try {
    const from = createRequire(path.join(path.dirname(path.resolve(entryScript)), '__mellea_optional__.js'));
    resolved = from.resolve(name);
    return { status: 'loaded', module: from(resolved) as T };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (resolved === undefined && (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')) {
      return { status: 'missing' };
    }
    return { status: 'failed', error };
  }
}
