import { markProcessExiting } from './unreachable-endpoint-agent';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
// A safety net: a flush that always does I/O would otherwise re-arm beforeExit forever.
const MAX_EXIT_FLUSHES = 10;

/** Options of {@link installExitHandlers}. */
export interface ExitHandlerOptions {
  /** Also handle SIGTERM and SIGINT (the env-driven set-up only). */
  signals: boolean;
  /** Upper bound of each flush, in ms (the export timeout). */
  timeoutMs: number;
}

// Resolves `true` when the flush settled, `false` when the bound ran out first. `keepAlive`: the
// bound's timer holds the process open while the flush is pending. Only on a signal, where the
// process must live to re-raise it; at `beforeExit` the flush's own I/O keeps the process alive,
// and a flush waiting on nothing must not hold it for the whole bound.
function flushWithin(flush: () => Promise<void>, timeoutMs: number, keepAlive: boolean): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    if (!keepAlive) timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    try {
      flush().then(done, done);
    } catch {
      done();
    }
  });
}

/**
 * Flushes spans before the process ends. Always: on `beforeExit` (the event loop drained).
 * With `signals`: on SIGTERM and SIGINT too, bounded by `timeoutMs`; then, if no other listener
 * for that signal exists, the signal is raised again so the process ends exactly as it would
 * have; otherwise the exit is left to the application's own handlers. From the first of these
 * events on, a refused connection is no longer retried ({@link markProcessExiting}). A second
 * signal while that flush is pending ends the process at once (the same way). Installs no timer until a flush
 * starts. Every flush is bounded by `timeoutMs`; the `beforeExit` flush's bound is unref'd (a flush
 * that waits on no I/O cannot hold a finished process), a signal flush's bound is not, and after a
 * `beforeExit` flush that ran out of time no further one is started. Returns a function that
 * removes the handlers.
 */
export function installExitHandlers(flush: () => Promise<void>, opts: ExitHandlerOptions): () => void {
  let exitFlushes = 0;
  let exitFlush: Promise<void> | undefined;
  let exitFlushHung = false;
  const onBeforeExit = () => {
    // After a flush that ran out of time, another one would only hang the same way.
    if (exitFlush || exitFlushHung || exitFlushes >= MAX_EXIT_FLUSHES) return;
    markProcessExiting();
    exitFlushes++;
    exitFlush = flushWithin(flush, opts.timeoutMs, false).then((settled) => {
      exitFlush = undefined;
      if (!settled) exitFlushHung = true;
    });
  };
  process.on('beforeExit', onBeforeExit);

  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const removeSignalHandlers = () => {
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    signalHandlers.clear();
  };
  if (opts.signals) {
    let signalFlush: Promise<void> | undefined;
    for (const signal of SIGNALS) {
      const reRaiseUnlessHandled = () => {
        if (process.listenerCount(signal) > 1) return; // the app's own handler decides
        removeSignalHandlers();
        process.kill(process.pid, signal);
      };
      const handler = () => {
        // A second signal while flushing (Ctrl-C twice) ends the process at once.
        if (signalFlush) return reRaiseUnlessHandled();
        markProcessExiting();
        signalFlush = flushWithin(flush, opts.timeoutMs, true).then(() => {
          signalFlush = undefined;
          reRaiseUnlessHandled();
        });
      };
      signalHandlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  return () => {
    process.removeListener('beforeExit', onBeforeExit);
    removeSignalHandlers();
  };
}
