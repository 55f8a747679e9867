import { chooseExporters, DEFAULT_OTLP_TRACES_ENDPOINT } from './choose-exporters';

const protobuf = (endpoint = DEFAULT_OTLP_TRACES_ENDPOINT, source?: string) =>
  source === undefined
    ? { protocol: 'http/protobuf', endpoint }
    : { protocol: 'http/protobuf', endpoint, source };
const TRACES = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
const BASE = 'OTEL_EXPORTER_OTLP_ENDPOINT';
const keys = (plan: ReturnType<typeof chooseExporters>) => plan.warnings.map((w) => w.key);

describe('chooseExporters', () => {
  it('with nothing configured, exports OTLP over http/protobuf to the default endpoint, without a warning', () => {
    expect(chooseExporters({}, {})).toEqual({
      otlp: protobuf(),
      console: false,
      file: undefined,
      langfuse: false,
      warnings: [],
    });
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given and appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(chooseExporters({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:1/custom' }).otlp).toEqual(
      protobuf('http://c:1/custom', TRACES),
    );
    expect(chooseExporters({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2/' }).otlp).toEqual(
      protobuf('http://c:2/v1/traces', BASE),
    );
    expect(
      chooseExporters(
        {},
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:2', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:3' },
      ).otlp,
    ).toEqual(protobuf('http://t:3', TRACES));
  });

  it('an endpoint variable that is not an http(s) URL: one warning naming it and its value, and no OTLP in its place', () => {
    for (const [variable, value] of [
      [TRACES, 'not-a-url'],
      [BASE, 'localhost:4318'],
      [TRACES, 'ftp://c/v1/traces'],
    ]) {
      const plan = chooseExporters({}, { [variable]: value });
      expect(plan.otlp).toBeUndefined();
      expect(plan.warnings).toEqual([
        {
          key: `otlp-endpoint-not-url:${variable}`,
          message: expect.stringContaining(`${variable}=${value} is not an http(s) URL`),
        },
      ]);
    }
    // The traces variable wins even when the base one is a URL: nothing is sent to the base instead.
    const both = chooseExporters({}, { [TRACES]: 'oops', [BASE]: 'http://c:4318', MELLEA_TRACES_OTLP: '1' });
    expect(both.otlp).toBeUndefined();
    expect(keys(both)).toEqual([`otlp-endpoint-not-url:${TRACES}`]);
    // Not asked to export OTLP: nothing to warn about.
    expect(chooseExporters({}, { [TRACES]: 'oops', OTEL_TRACES_EXPORTER: 'console' }).warnings).toEqual([]);
  });

  it('takes the protocol from OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, then OTEL_EXPORTER_OTLP_PROTOCOL, then http/protobuf', () => {
    expect(chooseExporters({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).otlp?.protocol).toBe(
      'http/json',
    );
    expect(
      chooseExporters(
        {},
        { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
      ).otlp?.protocol,
    ).toBe('http/protobuf');
    expect(chooseExporters({}, { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/JSON' }).otlp?.protocol).toBe(
      'http/json',
    );
  });

  it('warns about grpc (and unknown protocols) and falls back to http/protobuf', () => {
    const grpc = chooseExporters({}, { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' });
    expect(grpc.otlp?.protocol).toBe('http/protobuf');
    expect(grpc.warnings).toEqual([
      {
        key: 'otlp-protocol:grpc',
        message: expect.stringMatching(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc.*gRPC/),
      },
    ]);
    const odd = chooseExporters({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon' });
    expect(odd.otlp?.protocol).toBe('http/protobuf');
    expect(keys(odd)).toEqual(['otlp-protocol:carrier-pigeon']);
  });

  it('MELLEA_TRACES_OTLP with no endpoint warns once and uses the default endpoint; with one, no warning', () => {
    const bare = chooseExporters({}, { MELLEA_TRACES_OTLP: 'yes', MELLEA_TRACES_CONSOLE: '1' });
    expect(bare.otlp).toEqual(protobuf());
    expect(bare.warnings).toEqual([
      { key: 'otlp-no-endpoint', message: expect.stringContaining(DEFAULT_OTLP_TRACES_ENDPOINT) },
    ]);
    expect(
      chooseExporters({}, { MELLEA_TRACES_OTLP: '1', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }).warnings,
    ).toEqual([]);
    expect(keys(chooseExporters({ otlp: true }, {}))).toEqual(['otlp-no-endpoint']);
  });

  it('console, file, Langfuse or processors in code replace the default OTLP, unless an endpoint is set', () => {
    expect(chooseExporters({}, { MELLEA_TRACES_CONSOLE: 'on' })).toEqual(
      expect.objectContaining({ otlp: undefined, console: true }),
    );
    expect(chooseExporters({}, { MELLEA_TRACES_FILE: '/tmp/t.jsonl' })).toEqual(
      expect.objectContaining({ otlp: undefined, file: '/tmp/t.jsonl' }),
    );
    expect(chooseExporters({}, { MELLEA_TRACES_LANGFUSE: 'TRUE' })).toEqual(
      expect.objectContaining({ otlp: undefined, langfuse: true }),
    );
    expect(chooseExporters({ hasCodeProcessors: true }, {}).otlp).toBeUndefined();
    expect(
      chooseExporters({}, { MELLEA_TRACES_CONSOLE: '1', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }),
    ).toEqual(expect.objectContaining({ otlp: protobuf('http://c/v1/traces', BASE), console: true }));
  });

  it('honours OTEL_TRACES_EXPORTER: otlp, console, both, none', () => {
    expect(chooseExporters({}, { OTEL_TRACES_EXPORTER: 'console' })).toEqual(
      expect.objectContaining({ otlp: undefined, console: true }),
    );
    expect(chooseExporters({}, { OTEL_TRACES_EXPORTER: 'otlp, console' })).toEqual(
      expect.objectContaining({ otlp: protobuf(), console: true }),
    );
    expect(chooseExporters({}, { OTEL_TRACES_EXPORTER: 'otlp', MELLEA_TRACES_FILE: 'f' }).otlp).toEqual(
      protobuf(),
    );
    expect(chooseExporters({}, { OTEL_TRACES_EXPORTER: 'none' })).toEqual(
      expect.objectContaining({ otlp: undefined, console: false }),
    );
    expect(
      chooseExporters({}, { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }).otlp,
    ).toBe(undefined);
    expect(
      chooseExporters({}, { OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }).otlp,
    ).toBe(undefined);
    expect(chooseExporters({}, { OTEL_TRACES_EXPORTER: 'none', MELLEA_TRACES_OTLP: '1' }).otlp).toEqual(
      protobuf(),
    );
  });

  it('warns about OTEL_TRACES_EXPORTER values it does not support and ignores them', () => {
    const plan = chooseExporters({}, { OTEL_TRACES_EXPORTER: 'zipkin' });
    expect(keys(plan)).toEqual(['traces-exporter:zipkin']);
    expect(plan.otlp).toEqual(protobuf());
  });

  it('switches given in code win over the environment', () => {
    const env = {
      MELLEA_TRACES_CONSOLE: '1',
      MELLEA_TRACES_FILE: 'env.jsonl',
      MELLEA_TRACES_LANGFUSE: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
    };
    expect(
      chooseExporters({ console: false, file: 'code.jsonl', langfuse: false, otlp: false }, env),
    ).toEqual({
      otlp: undefined,
      console: false,
      file: 'code.jsonl',
      langfuse: false,
      warnings: [],
    });
  });

  it('treats MELLEA_* switches other than 1/true/yes/on as off', () => {
    expect(chooseExporters({}, { MELLEA_TRACES_CONSOLE: 'enabled', MELLEA_TRACES_OTLP: '0' })).toEqual(
      expect.objectContaining({ otlp: protobuf(), console: false, warnings: [] }),
    );
  });
});
