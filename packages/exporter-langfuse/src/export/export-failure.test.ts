import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { describeExportFailure } from './export-failure';

describe('describeExportFailure', () => {
  it('takes the HTTP status of an OTLP exporter error', () => {
    expect(describeExportFailure(new OTLPExporterError('Unauthorized', 401, 'body'))).toEqual({
      status: 401,
      kind: 'http 401',
      message: 'Unauthorized',
    });
  });

  it('groups network errors by their code', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const failure = describeExportFailure(error);
    expect(failure.kind).toBe('ECONNREFUSED');
    expect(failure.status).toBeUndefined();
  });

  it('copes with anything thrown', () => {
    expect(describeExportFailure(undefined).message).toBe('unknown error');
    expect(describeExportFailure('boom')).toMatchObject({ kind: 'boom', message: 'boom' });
  });
});
