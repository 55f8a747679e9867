// The one place this package's version is read: its package.json, one level up from
// both `src/` and `dist/` (npm always publishes package.json), so they cannot drift apart.
/** This package's semver (`hooks.version`). */
export const PACKAGE_VERSION: string = (require('../package.json') as { version: string }).version;
