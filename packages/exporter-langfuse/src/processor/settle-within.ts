import { diagLogger } from '../diag/diag-logger';
import { isReported } from '../export/export-failure';

/**
 * Resolves when `work` settles or after `limitMs`, whichever is first; never rejects. A rejection
 * or the time limit is reported as a warning naming `what`, except a rejection with an export error
 * already reported where the export failed (then at debug level). The timer is unref'd.
 */
export function settleWithin(
  work: () => Promise<unknown> | unknown,
  limitMs: number,
  what: string,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      diagLogger.warn(`Langfuse ${what} did not finish within ${limitMs} ms; continuing without waiting`);
      resolve();
    }, limitMs);
    timer.unref?.();
    const finish = (): void => {
      clearTimeout(timer);
      resolve();
    };
    Promise.resolve()
      .then(work)
      .then(finish, (error: unknown) => {
        const text = `Langfuse ${what} failed: ${error instanceof Error ? error.message : String(error)}`;
        if (isReported(error)) diagLogger.debug(text);
        else diagLogger.warn(text);
        finish();
      });
  });
}
