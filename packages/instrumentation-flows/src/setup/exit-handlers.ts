const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
// A safety net: a flush that always does I/O would otherwise re-arm beforeExit forever.
const MAX_EXIT_FLUSHES = 10;

/** Options of {@link installExitHandlers}. */
export interface ExitHandlerOptions {
  /** Also handle SIGTERM and SIGINT (the env-driven set-up only). */
  signals: boolean;
  /** Upper bound of the flush on a signal, in ms (the export timeout). */
  timeoutMs: number;
}

function flushWithin(flush: () => Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    // Ref'd on purpose while the flush is pending (it is the flush's own bound), cleared after.
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
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
 * have; otherwise the exit is left to the application's own handlers. A second signal while that
 * flush is pending ends the process at once (the same way). Installs no timer of its own until a
 * signal arrives. Returns a function that removes the handlers.
 */
export function installExitHandlers(flush: () => Promise<void>, opts: ExitHandlerOptions): () => void {
  let exitFlushes = 0;
  let exitFlush: Promise<void> | undefined;
  const onBeforeExit = () => {
    if (exitFlush || exitFlushes >= MAX_EXIT_FLUSHES) return;
    exitFlushes++;
    exitFlush = flushWithin(flush, opts.timeoutMs).then(() => {
      exitFlush = undefined;
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
        signalFlush = flushWithin(flush, opts.timeoutMs).then(() => {
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
