/**
 * `@mellea/test-otlp-receiver`: a loopback OTLP/HTTP trace receiver for tests, benchmarks and the
 * demo. Protobuf bodies are decoded with protobufjs and the official opentelemetry-proto
 * definitions; JSON bodies with the OTLP/JSON mapping.
 *
 * @packageDocumentation
 */
export { closedPort } from './closed-port';
export { decodeJsonTraces } from './decode-json';
export { decodeProtobufTraces } from './decode-protobuf';
export { flattenSpans, toAttributes } from './flatten-spans';
export { startOtlpReceiver } from './start-otlp-receiver';
export type {
  DecodedEvent,
  DecodedLink,
  DecodedSpan,
  DecodedValue,
  OtlpReceiver,
  OtlpReceiverOptions,
  ReceivedRequest,
} from './types';
