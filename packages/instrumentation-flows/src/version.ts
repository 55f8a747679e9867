// The one place this package's name and version are read: its package.json, one level up from
// both `src/` and `dist/` (npm always publishes package.json), so they cannot drift apart.
const pkg = require('../package.json') as { name: string; version: string };

/** This package's name. */
export const PACKAGE_NAME: string = pkg.name;

/** This package's semver. */
export const PACKAGE_VERSION: string = pkg.version;
