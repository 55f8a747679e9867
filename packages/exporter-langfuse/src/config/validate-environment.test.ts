import { captureDiag } from '../../test/support/capture-diag';
import { resetOtelGlobals } from '../../test/support/tracing';
import { validateEnvironment } from './validate-environment';

afterEach(resetOtelGlobals);

describe('validateEnvironment', () => {
  it.each(['production', 'staging-eu', 'dev_2', 'a', 'x'.repeat(40)])('accepts %s', (name) => {
    const logs = captureDiag();
    expect(validateEnvironment(name, 'LANGFUSE_TRACING_ENVIRONMENT')).toBe(name);
    expect(logs.warnings()).toEqual([]);
  });

  it.each(['Production', 'langfuse-prod', 'langfuse', 'has space', 'dots.not.allowed', 'x'.repeat(41)])(
    'leaves out %s with one warning naming the source',
    (name) => {
      const logs = captureDiag();
      expect(validateEnvironment(name, 'LANGFUSE_TRACING_ENVIRONMENT')).toBeUndefined();
      expect(logs.warnings()).toHaveLength(1);
      expect(logs.warnings()[0]).toContain('LANGFUSE_TRACING_ENVIRONMENT');
      expect(logs.warnings()[0]).toContain('@mellea/exporter-langfuse');
    },
  );

  it('treats unset and empty as no environment, silently', () => {
    const logs = captureDiag();
    expect(validateEnvironment(undefined, 'x')).toBeUndefined();
    expect(validateEnvironment('', 'x')).toBeUndefined();
    expect(logs.warnings()).toEqual([]);
  });
});
