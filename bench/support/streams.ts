// Stream fixtures shared by the core-hooks and diagnostics-channel suites, and `iterate`, which
// every suite uses to read a stream to its end.
import type * as CoreHooks from '@mellea/core-hooks';

/** Chunks per stream in the stream cases. */
export const CHUNKS = 100;

/** A provider stream of {@link CHUNKS} numbers. */
export async function* chunks(): AsyncGenerator<number> {
  for (let i = 0; i < CHUNKS; i++) yield i;
}

/** A stream collector that does nothing per chunk. */
export const collector = {
  onChunk: () => {},
  response: (): CoreHooks.GenerationResponse => ({ id: 's' }),
};

/** Consumes a stream to its end. */
export async function iterate(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // consume
  }
}
