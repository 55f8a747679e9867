/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` body (the OTLP/JSON mapping: camelCase keys,
 * trace and span ids as hex). Throws on malformed JSON or a body that is not an object.
 */
export function decodeJsonTraces(body: Buffer): Record<string, unknown> {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('OTLP/JSON body is not an object');
  }
  return parsed as Record<string, unknown>;
}
