/**
 * `@mellea/instrumentation-flows/register`: the entry for `node --import` (or `require`). Sets
 * tracing up from the environment unless `MELLEA_TRACES_ENABLED` is `0`, `false`, `no` or `off`;
 * `OTEL_SDK_DISABLED=true` turns it off. `@mellea/core-hooks` loads it by itself on the first
 * generation when `MELLEA_TRACES_ENABLED` is truthy.
 *
 * @example
 * ```sh
 * OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 node --import @mellea/instrumentation-flows/register app.js
 * ```
 *
 * @packageDocumentation
 */
import { registerFromEnv } from './setup/env-setup';

registerFromEnv();
