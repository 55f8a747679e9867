import { closedPort, type OtlpReceiver, startOtlpReceiver } from '../src';
import { exportWithRealExporters } from './export-with-real-exporters';

const SUCCESS = 0;
const FAILED = 1;

describe('the loopback OTLP receiver', () => {
  const receivers: OtlpReceiver[] = [];
  const start = async (opts?: Parameters<typeof startOtlpReceiver>[0]) => {
    const r = await startOtlpReceiver(opts);
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('decodes protobuf and JSON from the real OTLP exporters, plain and gzip, with the request headers', async () => {
    const proto = await start();
    const json = await start();
    const protoGzip = await start();
    const jsonGzip = await start();
    const headers = { 'x-api-key': 'secret-123' };
    const results = await exportWithRealExporters([
      { kind: 'protobuf', url: proto.tracesUrl },
      { kind: 'json', url: json.tracesUrl },
      { kind: 'protobuf', url: protoGzip.tracesUrl, compression: 'gzip', headers },
      { kind: 'json', url: jsonGzip.tracesUrl, compression: 'gzip', headers },
    ]);
    expect(results.map((r) => r.code)).toEqual([SUCCESS, SUCCESS, SUCCESS, SUCCESS]);
    const { traceId, parentSpanId, childSpanId } = results[0];

    for (const receiver of [proto, json, protoGzip, jsonGzip]) {
      const spans = await receiver.waitForSpans(2);
      const child = spans.find((s) => s.name === 'chat gpt-test')!;
      const parent = spans.find((s) => s.name === 'parent')!;
      expect(child.traceId).toBe(traceId);
      expect(child.spanId).toBe(childSpanId);
      expect(child.parentSpanId).toBe(parentSpanId);
      expect(parent.spanId).toBe(parentSpanId);
      expect(parent.parentSpanId).toBeUndefined();
      expect(child.kind).toBe(3);
      expect(parent.kind).toBe(1);
      expect(child.attributes).toEqual({
        'gen_ai.request.model': 'gpt-test',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.request.temperature': 0.25,
        'gen_ai.request.stream': true,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
      });
      expect(child.events).toEqual([
        expect.objectContaining({ name: 'gen_ai.choice', attributes: { index: 0 } }),
      ]);
      expect(child.status).toEqual({ code: 2, message: 'boom' });
      expect(parent.status).toEqual({ code: 0 });
      expect(child.resource).toEqual(
        expect.objectContaining({ 'service.name': 'receiver-test', 'deployment.environment': 'ci' }),
      );
      expect(child.scopeName).toBe('receiver-scope');
      expect(child.scopeVersion).toBe('1.2.3');
      expect(BigInt(child.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(child.startTimeUnixNano));
      expect(BigInt(child.startTimeUnixNano)).toBeGreaterThan(0n);

      const [request] = receiver.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v1/traces');
      expect(request.error).toBeUndefined();
    }
    expect(proto.requests[0].contentType).toBe('application/x-protobuf');
    expect(json.requests[0].contentType).toBe('application/json');
    expect(proto.requests[0].headers['content-encoding']).toBeUndefined();
    for (const gz of [protoGzip, jsonGzip]) {
      expect(gz.requests[0].headers['content-encoding']).toBe('gzip');
      expect(gz.requests[0].headers['x-api-key']).toBe('secret-123');
    }
  });

  it('replies a forced status code, which the exporter reports as a failed export, until it is cleared', async () => {
    const refusing = await start({ status: 401 });
    const results = await exportWithRealExporters([{ kind: 'protobuf', url: refusing.tracesUrl }]);
    expect(results[0].code).toBe(FAILED);
    expect(refusing.requests).toHaveLength(1);
    expect(refusing.spans()).toHaveLength(2);

    refusing.setStatus(undefined);
    const again = await exportWithRealExporters([{ kind: 'json', url: refusing.tracesUrl }]);
    expect(again[0].code).toBe(SUCCESS);
  });

  it('closedPort gives a port where the real exporter meets connection refused', async () => {
    const port = await closedPort();
    const [result] = await exportWithRealExporters([
      { kind: 'protobuf', url: `http://127.0.0.1:${port}/v1/traces` },
    ]);
    expect(result.code).toBe(FAILED);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('replies 200 with an empty ExportTraceServiceResponse: empty protobuf body, `{}` for JSON', async () => {
    const receiver = await start();
    const proto = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const json = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
    });
    expect(json.status).toBe(200);
    expect(await json.text()).toBe('{}');
    expect(receiver.spans()).toEqual([]);
  });

  it('accepts any POST path, so it can stand in for Langfuse too', async () => {
    const receiver = await start();
    const res = await fetch(`${receiver.url}/api/public/otel/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [
              {
                scope: { name: 'hand' },
                spans: [
                  {
                    traceId: '0af7651916cd43dd8448eb211c80319c',
                    spanId: 'b7ad6b7169203331',
                    name: 'x',
                    kind: 'SPAN_KIND_SERVER',
                    startTimeUnixNano: '1',
                    endTimeUnixNano: '2',
                    attributes: [
                      { key: 'n', value: { intValue: '7' } },
                      {
                        key: 'kv',
                        value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: false } }] } },
                      },
                    ],
                    status: { code: 'STATUS_CODE_OK' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const [span] = receiver.spans();
    expect(receiver.requests[0].path).toBe('/api/public/otel/v1/traces');
    expect(span).toEqual(
      expect.objectContaining({
        name: 'x',
        kind: 2,
        parentSpanId: undefined,
        attributes: { n: 7, kv: { a: false } },
        status: { code: 1 },
        resource: { 'service.name': 'svc' },
        scopeName: 'hand',
      }),
    );
  });

  it('rejects a body that is not OTLP with 400 and records why', async () => {
    const receiver = await start();
    const res = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'not json',
    });
    expect(res.status).toBe(400);
    expect(receiver.requests[0].decoded).toBeUndefined();
    expect(receiver.requests[0].error).toMatch(/JSON/);
  });

  it('waitForSpans rejects with what it got when the spans never come', async () => {
    const receiver = await start();
    await expect(receiver.waitForSpans(1, 50)).rejects.toThrow(/1 span\(s\) \(got 0 in 0 request\(s\)\)/);
  });
});
