import fc from 'fast-check';
import { captureDiag } from '../test/support/capture-diag';
import { resetOtelGlobals } from '../test/support/tracing';
import {
  DEFAULT_LANGFUSE_BASE_URL,
  maskPublicKey,
  redactCredentials,
  resolveLangfuseConfig,
  validateEnvironment,
} from './config';

afterEach(resetOtelGlobals);

describe('resolveLangfuseConfig', () => {
  it('reads keys, environment and release from the environment', () => {
    const config = resolveLangfuseConfig(
      {},
      {
        LANGFUSE_PUBLIC_KEY: 'pk-lf-env',
        LANGFUSE_SECRET_KEY: 'sk-lf-env',
        LANGFUSE_TRACING_ENVIRONMENT: 'staging',
        LANGFUSE_RELEASE: 'v1.2.3',
      },
    );
    expect(config).toEqual({
      publicKey: 'pk-lf-env',
      secretKey: 'sk-lf-env',
      baseUrl: DEFAULT_LANGFUSE_BASE_URL,
      environment: 'staging',
      release: 'v1.2.3',
    });
  });

  it('lets options win over the environment', () => {
    const config = resolveLangfuseConfig(
      {
        publicKey: 'pk-opt',
        secretKey: 'sk-opt',
        baseUrl: 'http://opt:3000',
        environment: 'prod',
        release: 'r2',
      },
      {
        LANGFUSE_PUBLIC_KEY: 'pk-env',
        LANGFUSE_SECRET_KEY: 'sk-env',
        LANGFUSE_BASE_URL: 'http://env:3000',
        LANGFUSE_TRACING_ENVIRONMENT: 'dev',
        LANGFUSE_RELEASE: 'r1',
      },
    );
    expect(config).toEqual({
      publicKey: 'pk-opt',
      secretKey: 'sk-opt',
      baseUrl: 'http://opt:3000',
      environment: 'prod',
      release: 'r2',
    });
  });

  it.each([
    [{ LANGFUSE_BASE_URL: 'http://a', LANGFUSE_BASEURL: 'http://b', LANGFUSE_HOST: 'http://c' }, 'http://a'],
    [{ LANGFUSE_BASEURL: 'http://b', LANGFUSE_HOST: 'http://c' }, 'http://b'],
    [{ LANGFUSE_HOST: 'http://c' }, 'http://c'],
    [{ LANGFUSE_BASE_URL: '  ', LANGFUSE_HOST: 'http://c' }, 'http://c'],
    [{}, 'https://cloud.langfuse.com'],
  ])(
    'takes the base URL from LANGFUSE_BASE_URL › LANGFUSE_BASEURL › LANGFUSE_HOST › cloud (%o)',
    (env, url) => {
      expect(resolveLangfuseConfig({}, env).baseUrl).toBe(url);
    },
  );

  it('strips trailing slashes from the base URL', () => {
    expect(resolveLangfuseConfig({ baseUrl: 'https://lf.example.com/root//' }, {}).baseUrl).toBe(
      'https://lf.example.com/root',
    );
  });

  it('warns and gives no base URL when it is not an http(s) URL', () => {
    const logs = captureDiag();
    expect(resolveLangfuseConfig({}, { LANGFUSE_HOST: 'ftp://x' }).baseUrl).toBeUndefined();
    expect(resolveLangfuseConfig({ baseUrl: 'not a url' }, {}).baseUrl).toBeUndefined();
    expect(logs.warnings()).toHaveLength(2);
    expect(logs.warnings()[0]).toContain('LANGFUSE_HOST');
  });

  it('treats empty keys as missing', () => {
    const config = resolveLangfuseConfig({ publicKey: '' }, { LANGFUSE_SECRET_KEY: '' });
    expect(config.publicKey).toBeUndefined();
    expect(config.secretKey).toBeUndefined();
  });

  it('leaves an invalid environment out, with a warning', () => {
    const logs = captureDiag();
    const config = resolveLangfuseConfig({}, { LANGFUSE_TRACING_ENVIRONMENT: 'Langfuse-Prod' });
    expect(config.environment).toBeUndefined();
    expect(logs.warnings().join('\n')).toContain('LANGFUSE_TRACING_ENVIRONMENT');
  });
});

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

describe('maskPublicKey', () => {
  it('keeps the first 8 and last 2 characters of a Langfuse key', () => {
    expect(maskPublicKey('pk-lf-1234567890ab')).toBe('pk-lf-12…ab');
  });

  it('never shows the whole key, whatever its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 80 }), (key) => {
        const masked = maskPublicKey(key);
        expect(masked.includes(key)).toBe(false);
      }),
    );
  });
});

describe('redactCredentials', () => {
  it('replaces every occurrence of each credential', () => {
    const text = 'key sk-lf-secret and again sk-lf-secret, token c2VjcmV0';
    const out = redactCredentials(text, ['sk-lf-secret', 'c2VjcmV0']);
    expect(out).toBe('key [redacted] and again [redacted], token [redacted]');
  });

  it('leaves text without credentials unchanged and ignores empty credentials', () => {
    expect(redactCredentials('nothing here', ['', 'absent'])).toBe('nothing here');
  });
});
