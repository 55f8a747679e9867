import path from 'node:path';

/** The package whose `register` entry is auto-loaded. */
export const INSTRUMENTATION_PACKAGE = '@mellea/instrumentation-flows';
const REGISTER_ENTRY = `${INSTRUMENTATION_PACKAGE}/register`;

/** Outcome of {@link loadRegisterEntry}. */
export type LoadOutcome = { status: 'loaded' } | { status: 'missing' } | { status: 'failed'; error: unknown };

/**
 * Loads `@mellea/instrumentation-flows/register` synchronously, resolved with `require` from the
 * folder of `entryScript` (the application's entry, `process.argv[1]`), never from the working
 * directory. Never throws.
 */
export function loadRegisterEntry(entryScript: string | undefined): LoadOutcome {
  if (!entryScript) return { status: 'missing' };
  let resolved: string;
  try {
    const { createRequire } = require('node:module') as typeof import('node:module');
    const from = createRequire(path.join(path.dirname(path.resolve(entryScript)), '__mellea_auto_load__.js'));
    resolved = from.resolve(REGISTER_ENTRY);
    from(resolved);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (resolved! === undefined && (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'))
      return { status: 'missing' };
    return { status: 'failed', error };
  }
  return { status: 'loaded' };
}
