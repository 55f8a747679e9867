// The two transports of the end-to-end comparison: an OpenAI-compatible server answered
// in-process (a fetch stub replaying the mock server's exact bytes, so tracing is not drowned in
// loopback noise) and the mock server itself over loopback HTTP (in a child process of its own).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The prompt every stack sends: the mock server answers it in 18 words, so a stream has 21 chunks. */
export const MESSAGES = [
  { role: 'system' as const, content: 'You are a support agent.' },
  { role: 'user' as const, content: 'I was charged twice for order #1042, please refund one.' },
];
export const MODEL = 'gpt-4o-mini';
export const CHUNKS = 21;
/** The base URL of the in-process transport (never dialled: {@link stubFetch} answers it). */
export const IN_PROCESS_BASE_URL = 'http://127.0.0.1:8080/v1';

/** The mock server's replies to {@link MESSAGES}, as bytes on the wire. */
export interface CannedReplies {
  chat: Uint8Array<ArrayBuffer>;
  /** One entry per server-sent event (`data: …\n\n`), as the server writes them. */
  events: Uint8Array<ArrayBuffer>[];
}

const MOCK_CLI = path.join(__dirname, '..', '..', 'examples', 'mock-openai-server', 'src', 'cli.mjs');

/** A mock OpenAI server in a child process (chunks back to back), for the loopback transport. */
export async function startMockServer(): Promise<{ baseURL: string; close(): void }> {
  const child: ChildProcess = spawn(process.execPath, [MOCK_CLI, '--port', '0', '--chunk-gap-ms', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /OPENAI_BASE_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited (${code}) before listening`)));
  });
  return { baseURL, close: () => child.kill() };
}

/** Asks the mock server once for the chat reply and the stream, and keeps their bytes. */
export async function cannedReplies(baseURL: string): Promise<CannedReplies> {
  const post = (stream: boolean) =>
    fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        messages: MESSAGES,
        temperature: 0.2,
        max_tokens: 256,
        ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      }),
    }).then((r) => r.text());
  const [chat, sse] = await Promise.all([post(false), post(true)]);
  const encoder = new TextEncoder();
  const events = sse
    .split('\n\n')
    .filter((e) => e !== '')
    .map((e) => encoder.encode(`${e}\n\n`));
  const dataEvents = events.length - 1; // the last one is `data: [DONE]`
  if (dataEvents !== CHUNKS)
    throw new Error(`expected ${CHUNKS} chunks from the mock server, got ${dataEvents}`);
  return { chat: encoder.encode(chat), events };
}

/** {@link cannedReplies} from a mock server started for the purpose and stopped. */
export async function mockServerReplies(): Promise<CannedReplies> {
  const server = await startMockServer();
  try {
    return await cannedReplies(server.baseURL);
  } finally {
    server.close();
  }
}

/**
 * A `fetch` that answers every request in-process with the canned bytes: the JSON reply, or
 * (when the body asks for a stream) one server-sent event per read, as a server writes them.
 */
export function stubFetch(replies: CannedReplies): typeof fetch {
  const json = { status: 200, headers: { 'content-type': 'application/json' } };
  const sse = { status: 200, headers: { 'content-type': 'text/event-stream' } };
  return (async (_url: unknown, init?: RequestInit) => {
    const body = init?.body;
    if (!(typeof body === 'string' && body.includes('"stream":true')))
      return new Response(replies.chat, json);
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < replies.events.length) controller.enqueue(replies.events[i++]);
        else controller.close();
      },
    });
    return new Response(stream, sse);
  }) as typeof fetch;
}

/** What the canned stream says about its reply (as the framework's collector reads it). */
export function streamedReply(replies: CannedReplies) {
  const decoder = new TextDecoder();
  const chunks = replies.events
    .map((e) => decoder.decode(e).slice('data: '.length).trim())
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d));
  const last = chunks[chunks.length - 1];
  const finish = chunks.find((c) => c.choices?.[0]?.finish_reason)?.choices[0].finish_reason;
  return {
    id: chunks[0].id as string,
    model: chunks[0].model as string,
    finishReason: finish as string,
    usage: {
      inputTokens: last.usage.prompt_tokens as number,
      outputTokens: last.usage.completion_tokens as number,
    },
  };
}

/**
 * `answer` with each reply delivered on a later turn of the event loop, as a network reply is
 * (with no latency): a reply settled in microtasks only would starve timers and other I/O (an
 * exporter's requests) for as long as generations are made back to back.
 */
export function onNextTurn(answer: typeof fetch): typeof fetch {
  return ((url: Parameters<typeof fetch>[0], init?: RequestInit) =>
    new Promise((next) => setImmediate(next)).then(() => answer(url, init))) as typeof fetch;
}

/** {@link CannedReplies} as JSON (for a child process). */
export function cannedRepliesToJson(replies: CannedReplies): string {
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  return JSON.stringify({ chat: b64(replies.chat), events: replies.events.map(b64) });
}

/** {@link CannedReplies} from {@link cannedRepliesToJson}'s output. */
export function cannedRepliesFromJson(json: string): CannedReplies {
  const { chat, events } = JSON.parse(json) as { chat: string; events: string[] };
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  return { chat: bytes(chat), events: events.map(bytes) };
}
