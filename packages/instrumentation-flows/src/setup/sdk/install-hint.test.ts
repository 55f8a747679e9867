import { missingPackageMessage, missingSdkMessage, nodeRunsSdk3, npmInstallCommand } from './install-hint';

describe('install hints', () => {
  it('tells which SDK line this Node.js runs (3.x from 22.15)', () => {
    expect(nodeRunsSdk3('20.19.0')).toBe(false);
    expect(nodeRunsSdk3('22.14.0')).toBe(false);
    expect(nodeRunsSdk3('22.15.0')).toBe(true);
    expect(nodeRunsSdk3('24.1.0')).toBe(true);
  });

  it('names the 3.x packages and the command on Node.js 22.15+', () => {
    const message = missingSdkMessage(
      { otlp: { protocol: 'http/protobuf', endpoint: 'x' }, file: undefined },
      '22.23.5',
    );
    expect(message).toContain('no OpenTelemetry SDK is installed');
    expect(message).toContain('runs untraced');
    expect(message).toContain(
      'npm install @opentelemetry/api@~1.10 @opentelemetry/sdk-trace@^3.1 @opentelemetry/context-async-hooks@^3.1 ' +
        '@opentelemetry/resources@^3.1 @opentelemetry/exporter-trace-otlp-proto@^0.301',
    );
  });

  it('names the 2.x packages on Node.js 20, with the exporter of the chosen protocol', () => {
    const message = missingSdkMessage(
      { otlp: { protocol: 'http/json', endpoint: 'x' }, file: undefined },
      '20.19.0',
    );
    expect(message).toContain(
      'npm install @opentelemetry/sdk-trace-node@^2.12 @opentelemetry/resources@^2.12 @opentelemetry/exporter-trace-otlp-http@~0.223',
    );
  });

  it('names the OTLP transformer for a file-only set-up, and no exporter for console only', () => {
    expect(missingSdkMessage({ otlp: undefined, file: 'spans.jsonl' }, '22.15.0')).toMatch(
      /@opentelemetry\/otlp-transformer@\^0\.301$/,
    );
    expect(missingSdkMessage({ otlp: undefined, file: undefined }, '22.15.0')).toMatch(
      /@opentelemetry\/resources@\^3\.1$/,
    );
  });

  it('gives one package with the range of the line found', () => {
    expect(npmInstallCommand(['@opentelemetry/exporter-trace-otlp-proto'], false)).toBe(
      'npm install @opentelemetry/exporter-trace-otlp-proto@~0.223',
    );
    expect(missingPackageMessage('@opentelemetry/context-async-hooks', 'x needs it', 3)).toBe(
      '@opentelemetry/context-async-hooks is not installed beside the application; x needs it. ' +
        'Install it: npm install @opentelemetry/context-async-hooks@^3.1',
    );
  });
});
