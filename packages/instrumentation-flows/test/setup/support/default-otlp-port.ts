import { createServer, type Socket } from 'node:net';

/** The port of the OTLP/HTTP default endpoint, `http://localhost:4318`. */
export const DEFAULT_OTLP_PORT = 4318;

/** A listener on the default OTLP port that counts the connections it gets. */
export interface DefaultPortListener {
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Listens on port 4318 (every local address), to see that nothing is sent to the default
 * endpoint. The port is fixed by what is tested; when another process holds it the test fails
 * with a message saying so. Keep it open only as long as the check needs.
 */
export async function listenOnDefaultOtlpPort(): Promise<DefaultPortListener> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${DEFAULT_OTLP_PORT} (the default OTLP endpoint) is in use by another process; this test listens there to see that nothing is sent to it. Free the port (or wait for the other test run) and run it again.`,
            )
          : error,
      ),
    );
    server.listen(DEFAULT_OTLP_PORT, resolve);
  });
  return {
    get connections() {
      return sockets.length;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
