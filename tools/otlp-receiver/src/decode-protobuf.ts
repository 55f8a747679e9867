import root from '@opentelemetry/otlp-proto-exporter-base/build/src/generated/root';
import { toHexBytes } from './to-hex-bytes';

interface ProtoMessageType {
  decode(buf: Uint8Array): unknown;
  toObject(
    message: unknown,
    options: { longs: StringConstructor; enums?: NumberConstructor },
  ): Record<string, unknown>;
}

/**
 * The official OTLP `ExportTraceServiceRequest` type, from the protobufjs static code generated
 * from opentelemetry-proto that ships in `@opentelemetry/otlp-proto-exporter-base`.
 */
const ExportTraceServiceRequest = (
  root as unknown as {
    opentelemetry: {
      proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoMessageType } } } };
    };
  }
).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest` body into the OTLP/JSON-shaped object
 * (64-bit integers as strings, ids and other bytes as lower-case hex). Throws on a malformed body.
 */
export function decodeProtobufTraces(body: Uint8Array): Record<string, unknown> {
  const message = ExportTraceServiceRequest.decode(body);
  const object = ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number });
  return toHexBytes(object) as Record<string, unknown>;
}
