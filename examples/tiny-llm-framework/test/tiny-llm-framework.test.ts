import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// tiny-llm-framework (examples/) is plain ESM: a child process runs it against the mock OpenAI
// server with a recording plugin on a private HookBus and prints what each scenario produced.
const FIXTURE = path.join(__dirname, 'fixtures/framework-hook-events.mjs');
const FRAMEWORK = path.join(__dirname, '..');

type HookEvent = Record<string, any> & { type: string };
interface Scenario {
  events: HookEvent[];
  result?: unknown;
  thrown?: { name: string; message: string; status?: number };
  sameError?: boolean;
}

const types = (s: Scenario) => s.events.map((e) => e.type);

describe('tiny-llm-framework: the hook events of an example framework', () => {
  let out: Record<string, Scenario>;
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [FIXTURE], { cwd: __dirname });
    out = JSON.parse(stdout);
  }, 30_000);

  it('chat: one pre_call with the request and a post_call with the normalized response', () => {
    const { events, result } = out.chat;
    expect(types(out.chat)).toEqual(['generation_pre_call', 'generation_post_call']);
    const [pre, post] = events;
    expect(pre).toMatchObject({
      operation: 'chat',
      provider: 'openai',
      model: 'o4-mini',
      params: { temperature: 0.2, maxTokens: 100, seed: 7 },
      server: { address: '127.0.0.1' },
      messages: [{ role: 'user', parts: [{ type: 'text', content: 'I was charged twice, please refund' }] }],
    });
    expect(pre.stream).toBeUndefined();
    expect(post.generationId).toBe(pre.generationId);
    expect(post.response).toMatchObject({
      id: 'chatcmpl-mock0001',
      model: 'o4-mini',
      finishReasons: ['stop'],
      usage: { cacheReadInputTokens: 8, reasoningOutputTokens: 24 },
      outputMessages: [{ role: 'assistant', finish_reason: 'stop' }],
    });
    expect(result).toMatchObject({ text: expect.stringContaining('R-1042'), finishReason: 'stop' });
  });

  it('builds no content for a plugin that does not record it, and calls straight through with none', () => {
    const [pre, post] = out.chatNoContent.events;
    expect(pre).not.toHaveProperty('messages');
    expect(pre).not.toHaveProperty('params');
    expect(post.response.outputMessages).toBeUndefined();
    expect(out.chatNoPlugin.events).toEqual([]);
    expect(out.chatNoPlugin.result).toMatchObject({ text: expect.stringContaining('R-1042') });
  });

  it('chatStream: text pieces to the caller; post_call with chunk count, first-chunk time and usage', () => {
    const { events, result } = out.stream;
    expect(types(out.stream)).toEqual(['generation_pre_call', 'generation_post_call']);
    expect(events[0].stream).toBe(true);
    const post = events[1];
    expect(post.chunkCount).toBeGreaterThan(1);
    expect(post.timeToFirstChunkMs).toBeGreaterThanOrEqual(0);
    expect(post.response.usage.inputTokens).toBeGreaterThan(0);
    expect(post.response.outputMessages[0].parts[0].content).toBe((result as string[]).join(''));
  });

  it('a stream the consumer stops early ends as cancelled, by the consumer', () => {
    expect(out.streamBreak.result).toEqual(['I ']);
    expect(types(out.streamBreak)).toEqual(['generation_pre_call', 'generation_error']);
    expect(out.streamBreak.events[1]).toMatchObject({
      cancelled: true,
      source: 'consumer',
      response: { finishReasons: ['error'] },
    });
  });

  it('a stream the server drops fails with the same error the caller gets', () => {
    expect(out.streamDropped.sameError).toBe(true);
    expect(out.streamDropped.events[1]).toMatchObject({
      type: 'generation_error',
      cancelled: false,
      source: 'call',
      response: { outputMessages: [{ finish_reason: 'error' }] },
    });
  });

  it('an AbortSignal, fired before or during the call or while streaming, cancels it', () => {
    for (const s of [out.aborted, out.abortedMidCall, out.streamAborted]) {
      expect(s.thrown?.name).toBe('AbortError');
      expect(s.sameError).toBe(true);
      expect(s.events[1]).toMatchObject({ type: 'generation_error', cancelled: true });
    }
  });

  it('a provider error is thrown unchanged, named like the OpenAI SDK error', () => {
    expect(out.rateLimited.thrown).toMatchObject({ name: 'RateLimitError', status: 429 });
    expect(out.rateLimited.sameError).toBe(true);
    expect(out.rateLimited.events[1]).toMatchObject({ cancelled: false, error: { name: 'RateLimitError' } });
  });

  it('completeBatch: batch events with size, per-item prompts and one response per prompt', () => {
    const [pre, post] = out.batch.events;
    expect(types(out.batch)).toEqual(['generation_batch_pre_call', 'generation_batch_post_call']);
    expect(pre).toMatchObject({ operation: 'text_completion', size: 2, params: { maxTokens: 32 } });
    expect(pre.prompts.map((p: any) => p[0].parts[0].content)).toEqual([
      'Classify: refund',
      'Summarize: refund',
    ]);
    expect(post.responses.map((r: any) => r.outputMessages[0].parts[0].content)).toEqual(out.batch.result);
    expect(post.usage.inputTokens).toBeGreaterThan(0);
    const [noContentPre, noContentPost] = out.batchNoContent.events;
    expect(noContentPre).not.toHaveProperty('prompts');
    expect(noContentPost.responses[0]).not.toHaveProperty('outputMessages');
    expect(types(out.batchFailed)).toEqual(['generation_batch_pre_call', 'generation_batch_error']);
    expect(out.batchFailed.sameError).toBe(true);
  });

  it('embed: an embeddings generation with usage and the framework attribute for dimensions', () => {
    const [pre, post] = out.embed.events;
    expect(pre).toMatchObject({
      operation: 'embeddings',
      model: 'text-embedding-3-small',
      attributes: { 'gen_ai.embeddings.dimension.count': 4 },
    });
    expect(post.response.usage).toEqual({ inputTokens: 2, totalTokens: 2 });
    expect((out.embed.result as number[][]).map((v) => v.length)).toEqual([4, 4]);
  });

  it('depends on @mellea/core-hooks only and never imports OpenTelemetry', () => {
    const pkg = JSON.parse(readFileSync(path.join(FRAMEWORK, 'package.json'), 'utf8'));
    expect(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })).toEqual(['@mellea/core-hooks']);
    const sources = readdirSync(path.join(FRAMEWORK, 'src')).map((f) =>
      readFileSync(path.join(FRAMEWORK, 'src', f), 'utf8'),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).not.toMatch(/from '@opentelemetry|require\('@opentelemetry/);
  });
});
