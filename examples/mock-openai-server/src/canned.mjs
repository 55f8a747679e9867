// @ts-check
// Deterministic answers, token counts and embeddings: the same request always gets the same reply.

/**
 * Canned replies: the first pattern (in this order) that matches the last user message wins, so
 * an instruction ("classify", "summarize") beats the topic of the text it is about.
 */
/** @type {[RegExp, string][]} */
const ANSWERS = [
  [/^plan\b/i, '1. Look up the order. 2. Check the refund policy. 3. Reply to the customer.'],
  [/policy/i, 'Yes: a duplicate charge is refunded in full within 5 business days.'],
  [/classify|category/i, 'billing'],
  [/summar/i, 'The customer was charged twice for order #1042 and wants one charge refunded.'],
  [
    /refund|charged twice|double charge/i,
    'I have opened refund request R-1042 for the duplicate charge. You will get an email within 24 hours.',
  ],
  [/weather/i, 'It is sunny and 21 °C in the mock city.'],
  [/hello|hi\b/i, 'Hello! How can I help you today?'],
];

/**
 * Text of one chat message's `content` (a string, or an array of `{ type: 'text', text }` parts).
 * @param {unknown} content
 * @returns {string}
 */
export function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

/**
 * The canned reply to a prompt.
 * @param {string} prompt
 * @returns {string}
 */
export function answerFor(prompt) {
  // "Score ...": a deterministic score from 1 to 10 (a batch of candidates gets different ones).
  if (/^score\b/i.test(prompt)) return String(1 + (hash(prompt) % 10));
  for (const [pattern, answer] of ANSWERS) if (pattern.test(prompt)) return answer;
  const gist = prompt.trim().replace(/\s+/g, ' ').slice(0, 60);
  return gist ? `You asked: "${gist}". This is the mock model's answer.` : 'This is the mock model.';
}

/**
 * A rough, deterministic token count (about four characters a token, as OpenAI's rule of thumb).
 * @param {string} text
 */
export function countTokens(text) {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Usage in OpenAI's chat shape, with cache and reasoning details. Reasoning models (`o1`, `o4-mini`,
 * names containing `reason`) spend hidden reasoning tokens, counted inside `completion_tokens`.
 * @param {string} model
 * @param {number} promptTokens
 * @param {number} visibleCompletionTokens
 */
export function chatUsage(model, promptTokens, visibleCompletionTokens) {
  const reasoning = /^o\d|reason/i.test(model) ? 24 : 0;
  const completion = visibleCompletionTokens + reasoning;
  // A fake prompt cache: half the prompt, in blocks of 8, once the prompt is long enough.
  const cached = promptTokens >= 16 ? Math.floor(promptTokens / 16) * 8 : 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0 },
  };
}

/**
 * A deterministic unit vector for `text` (FNV-1a hash driving a small PRNG).
 * @param {string} text
 * @param {number} dimensions
 * @returns {number[]}
 */
export function embeddingFor(text, dimensions) {
  let h = hash(text);
  const v = [];
  for (let i = 0; i < dimensions; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    v.push((h / 0xffffffff) * 2 - 1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/**
 * FNV-1a of `text`, an unsigned 32-bit integer.
 * @param {string} text
 */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
