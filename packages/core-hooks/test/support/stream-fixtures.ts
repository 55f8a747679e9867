import type { GenerationRequest } from '../../src/types/payloads';
import { busWithRecorder } from './recorder';

// Shared by the runGenerationStream tests.

/** A streamed chat request. */
export const request: GenerationRequest = {
  operation: 'chat',
  provider: 'openai',
  model: 'gpt-x',
  stream: true,
};
const TERMINAL = new Set(['generation_post_call', 'generation_error']);

/** A provider stream that records whether its cleanup (`finally`) ran. */
export function provider(
  chunks: string[],
  opts: { failAfter?: number; error?: unknown; signal?: AbortSignal } = {},
) {
  const state = { closed: false, pulled: 0 };
  async function* gen() {
    try {
      for (let i = 0; i < chunks.length; i++) {
        if (opts.failAfter === i) throw opts.error;
        if (opts.signal?.aborted) throw opts.signal.reason;
        state.pulled++;
        yield chunks[i];
      }
      if (opts.failAfter === chunks.length) throw opts.error;
    } finally {
      state.closed = true;
    }
  }
  return { state, start: () => gen() };
}

/** A collector that records the chunks it saw and answers a fixed response. */
export function textCollector() {
  const seen: string[] = [];
  return {
    seen,
    onChunk: (c: string) => void seen.push(c),
    response: () => ({ id: 'resp-1', model: 'gpt-x', outputMessages: [] }),
  };
}

/** A bus with one recording plugin; `terminals()` lists its post_call and error events. */
export function setup() {
  const { bus, rec } = busWithRecorder();
  const terminals = () => rec.events.filter((e) => TERMINAL.has(e.type));
  return { bus, rec, terminals };
}

/** Iterates `stream` to its end. */
export async function drain<C>(stream: AsyncIterable<C>): Promise<C[]> {
  const out: C[] = [];
  for await (const c of stream) out.push(c);
  return out;
}
