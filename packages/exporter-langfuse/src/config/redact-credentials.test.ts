import { redactCredentials } from './redact-credentials';

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
