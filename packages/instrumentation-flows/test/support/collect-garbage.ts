import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/**
 * Runs full garbage collections, letting finalizers run in between, until `done()` is true (at
 * most 50 rounds). Uses `global.gc` when node runs with `--expose-gc`, else exposes it at run time.
 */
export async function collectGarbageUntil(done: () => boolean): Promise<void> {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  for (let round = 0; round < 50 && !done(); round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}
