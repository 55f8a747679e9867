/**
 * Masks secrets in a piece of text before it is recorded (message content, exception and status
 * messages). Called once per string; must return the text to record.
 */
export type Redactor = (text: string) => string;

/** What a masked secret is replaced with (after the secret's recognizable prefix). */
export const REDACTED = '[REDACTED]';

// One pass over the text. Each alternative keeps its prefix (so a reader still sees which kind of
// secret was there) and masks the rest. Longer `sk-` prefixes come first so they win.
const SECRET_SHAPES =
  /\b(?:(sk-ant-|sk-lf-|sk-)[A-Za-z0-9_-]{8,}|(AKIA|ASIA)[0-9A-Z]{16}\b|(gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}|((?:[Bb]earer|BEARER)\s+)[A-Za-z0-9._~+/-]{8,}=*)/g;

// Every secret shape above starts with one of these. Most text holds none: one quick scan, no replace.
const SECRET_PREFIX = /sk-|A[KS]IA|gh[pousr]_|github_pat_|[Bb]earer|BEARER/;

function mask(_match: string, sk?: string, aws?: string, gh?: string, bearer?: string): string {
  return (sk ?? aws ?? gh ?? bearer ?? '') + REDACTED;
}

/**
 * The default {@link Redactor}: masks secret-shaped strings — OpenAI/Anthropic/Langfuse keys
 * (`sk-…`, `sk-ant-…`, `sk-lf-…`), AWS access key ids (`AKIA…`, `ASIA…`), GitHub tokens
 * (`ghp_…` and the other `gh*_` kinds, `github_pat_…`) and `Bearer …` credentials — keeping the
 * prefix, e.g. `sk-ant-[REDACTED]`.
 */
export const defaultRedactor: Redactor = (text) => {
  if (typeof text !== 'string' || !SECRET_PREFIX.test(text)) return text;
  return text.replace(SECRET_SHAPES, mask);
};
