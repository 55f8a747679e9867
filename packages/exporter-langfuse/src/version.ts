/** This package's name, sent as `x-langfuse-sdk-name` and used as the diag namespace. */
export const PACKAGE_NAME = '@mellea/exporter-langfuse';
/** This package's version (kept equal to package.json by a test), sent as `x-langfuse-sdk-version`. */
export const PACKAGE_VERSION = '0.1.0';
