/** This package's name: the instrumentation scope of every span and metric it makes. */
export const PACKAGE_NAME = '@mellea/instrumentation-flows';

/** This package's semver, read from its package.json (one level up in `src/` and in `dist/`). */
export const PACKAGE_VERSION: string = (require('../package.json') as { version: string }).version;
