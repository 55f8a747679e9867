// Starts `receiver-process.ts` (the loopback OTLP receiver in a child process) and asks it what
// it decoded.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { Tally } from './receiver-process';

/** A running receiver process. */
export interface ReceiverProcess {
  /** Its `/v1/traces` URL. */
  url: string;
  /** What it has decoded so far. */
  tally(): Promise<Tally>;
  close(): void;
}

/** Forks a receiver (with this process's `--import tsx`) and resolves once it listens. */
export function startReceiverProcess(): Promise<ReceiverProcess> {
  const child = fork(path.join(__dirname, 'receiver-process.ts'), [], {
    execArgv: process.execArgv.filter((a) => a !== '--expose-gc'),
    env: {},
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`OTLP receiver process exited (${code}) before listening`)),
    );
    child.once('message', (m: { url: string }) =>
      resolve({
        url: m.url,
        tally: () =>
          new Promise<Tally>((done) => {
            child.once('message', (t: Tally) => done(t));
            child.send('tally');
          }),
        close: () => child.disconnect(),
      }),
    );
  });
}
