import fc from 'fast-check';
import { defaultRedactor, REDACTED } from './default-redactor';

// The full replace on every text, as before the quick prefix scan: the reference.
const SECRET_SHAPES =
  /\b(?:(sk-ant-|sk-lf-|sk-)[A-Za-z0-9_-]{8,}|(AKIA|ASIA)[0-9A-Z]{16}\b|(gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}|((?:[Bb]earer|BEARER)\s+)[A-Za-z0-9._~+/-]{8,}=*)/g;
const fullReplace = (text: string) =>
  text.replace(SECRET_SHAPES, (_m, sk, aws, gh, bearer) => (sk ?? aws ?? gh ?? bearer ?? '') + REDACTED);

/** Texts mixing secret shapes (and near misses) with arbitrary characters. */
const secretish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'sk-',
        'sk-ant-',
        'sk-lf-',
        'AKIA',
        'ASIA',
        'ghp_',
        'gho_',
        'ghs_',
        'github_pat_',
        'Bearer ',
        'bearer\t',
        'BEARER  ',
        'earer ',
        'bEARER ',
        'gh',
        'AKI',
        ' ',
        '-',
        '_',
        '=',
        '.',
        '\n',
      ),
      fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{1,24}$/),
      fc.stringMatching(/^[0-9A-Z]{14,18}$/),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((pieces) => pieces.join(''));

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

  it('masks exactly what the full scan masks, whatever the text (the quick prefix scan lets no secret through)', () => {
    fc.assert(
      fc.property(secretish, (text) => {
        expect(defaultRedactor(text)).toBe(fullReplace(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns the text itself when there is nothing to mask', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    expect(defaultRedactor(text)).toBe(text);
  });
});
