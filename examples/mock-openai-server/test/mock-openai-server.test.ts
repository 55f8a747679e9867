import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The mock server (examples/) is plain ESM: a child process sends the requests and prints replies.
const FIXTURE = path.join(__dirname, 'fixtures/mock-server-replies.mjs');

interface Reply {
  status: number;
  type: string;
  retryAfter: string | null;
  body: any;
}

/** The JSON payloads of an SSE body, `[DONE]` kept as the string. */
const sseData = (body: string) =>
  body
    .split('\n\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice(6))
    .map((d) => (d === '[DONE]' ? d : JSON.parse(d)));

describe('the mock OpenAI-compatible server', () => {
  let out: Record<string, Reply> & { requests: string[] };
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE], { cwd: __dirname });
    out = JSON.parse(stdout);
  }, 30_000);

  it('answers a chat completion in OpenAI shape, with cache and reasoning usage details', () => {
    expect(out.chat.status).toBe(200);
    expect(out.chat.body).toMatchObject({
      id: 'chatcmpl-mock0001',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! How can I help you today?' },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens_details: { cached_tokens: expect.any(Number) },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    const u = out.chat.body.usage;
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
  });

  it('is deterministic: the same request gets the same answer (ids count up)', () => {
    expect(out.chatAgain.body.choices).toEqual(out.chat.body.choices);
    expect(out.chatAgain.body.usage).toEqual(out.chat.body.usage);
    expect(out.chatAgain.body.id).toBe('chatcmpl-mock0002');
  });

  it('cuts the answer at max_tokens with finish_reason length', () => {
    expect(out.cut.body.choices[0].finish_reason).toBe('length');
    expect(out.cut.body.choices[0].message.content.length).toBeLessThan(8);
  });

  it('streams SSE chunks that join into the answer, a finish chunk, the usage chunk when asked, then [DONE]', () => {
    expect(out.stream.type).toBe('text/event-stream');
    const events = sseData(out.stream.body);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('Hello! How can I help you today?');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    expect(sseData(out.streamNoUsage.body).some((c) => c !== '[DONE]' && c.usage)).toBe(false);
  });

  it('answers each prompt of a batch completion, in order, with summed usage', () => {
    const { choices, usage } = out.completions.body;
    expect(choices.map((c: any) => [c.index, c.text])).toEqual([
      [0, 'billing'],
      [1, 'Hello! How can I help you today?'],
      [2, expect.stringContaining('"x"')],
    ]);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('returns one unit vector per embeddings input', () => {
    const [item] = out.embeddings.body.data;
    expect(item.embedding).toHaveLength(8);
    expect(Math.hypot(...item.embedding)).toBeCloseTo(1, 4);
    expect(out.models.body.data.map((m: any) => m.id)).toContain('gpt-4o-mini');
  });

  it('fails on purpose by model name, with OpenAI-shaped errors', () => {
    expect(out.failed).toMatchObject({ status: 500, body: { error: { type: 'server_error' } } });
    expect(out.rateLimited).toMatchObject({
      status: 429,
      retryAfter: '1',
      body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
    });
  });

  it('rejects bad requests with 400/404/405 and records the requests it handled', () => {
    expect(
      [out.noModel, out.noMessages, out.badJson, out.unknown, out.wrongMethod].map((r) => r.status),
    ).toEqual([400, 400, 400, 404, 405]);
    expect(out.noModel.body.error.code).toBe('missing_model');
    expect([out.badPrompt, out.badInput].map((r) => [r.status, r.body.error])).toEqual([
      [
        400,
        expect.objectContaining({
          type: 'invalid_request_error',
          message: "'prompt' must be a string or a non-empty array of strings",
        }),
      ],
      [
        400,
        expect.objectContaining({
          type: 'invalid_request_error',
          message: "'input' must be a string or a non-empty array of strings",
        }),
      ],
    ]);
    expect(out.requests.filter((r) => r === 'POST /v1/completions')).toHaveLength(2); // the good and the bad batch
    expect(out.requests).not.toContain('POST /v1/nothing');
  });
});
