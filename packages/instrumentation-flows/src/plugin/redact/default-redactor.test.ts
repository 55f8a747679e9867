import { defaultRedactor, REDACTED } from './default-redactor';

describe('defaultRedactor', () => {
  it.each([
    ['an OpenAI key', 'key sk-proj-4fQ9xT2mLr8vBn3cKp7wZs1y here', 'key sk-[REDACTED] here'],
    ['a legacy OpenAI key', 'sk-abcdefghijklmnopqrstuvwxyz012345', 'sk-[REDACTED]'],
    ['an Anthropic key', 'x-api-key: sk-ant-api03-Zx8Qw2Er4Ty6Ui8Op0As2', 'x-api-key: sk-ant-[REDACTED]'],
    [
      'a Langfuse secret key',
      'LANGFUSE_SECRET_KEY=sk-lf-1a2b3c4d-5e6f-7a8b',
      'LANGFUSE_SECRET_KEY=sk-lf-[REDACTED]',
    ],
    ['an AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE.', 'aws AKIA[REDACTED].'],
    ['a GitHub token', 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'token ghp_[REDACTED]'],
    ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijkl', 'github_pat_[REDACTED]'],
    [
      'a bearer credential',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi.sig-x_y',
      'Authorization: Bearer [REDACTED]',
    ],
  ])('masks %s', (_kind, input, expected) => {
    expect(defaultRedactor(input)).toBe(expected);
  });

  it('masks several secrets in one text', () => {
    const out = defaultRedactor('a sk-aaaaaaaaaaaaaaaa b AKIAIOSFODNN7EXAMPLE c');
    expect(out).toBe(`a sk-${REDACTED} b AKIA${REDACTED} c`);
  });

  it.each([
    'task-management is hard',
    'sk-short',
    'risk-assessment-framework',
    'The bearer of bad news',
    'AKIA is not a key',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(defaultRedactor(text)).toBe(text);
  });
});
