import type * as http from 'node:http';
import type { Duplex } from 'node:stream';

// Shared by @mellea/instrumentation-flows (its OTLP exporters) and @mellea/exporter-langfuse (its
// Langfuse exporter); see packages/shared/README.md.

// Connect errors that mean nothing is there to talk to, as opposed to a connection that broke.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

// Set by the exit handlers of @mellea/instrumentation-flows (any copy) when the process exits.
const EXITING_KEY = Symbol.for('mellea.exporters.process-exiting.v1');

/** The `code` of the error an export fails with when its endpoint is not retried (see below). */
export const ENDPOINT_UNREACHABLE = 'ERR_MELLEA_ENDPOINT_UNREACHABLE';

/** Marks the process as exiting: from now on a refused connection is not retried. */
export function markProcessExiting(): void {
  (globalThis as Record<symbol, unknown>)[EXITING_KEY] = true;
}

/** Forgets {@link markProcessExiting}, for tests. @internal */
export function resetProcessExitingForTests(): void {
  delete (globalThis as Record<symbol, unknown>)[EXITING_KEY];
}

function processExiting(): boolean {
  return (globalThis as Record<symbol, unknown>)[EXITING_KEY] === true;
}

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

function notRetried(cause: Error, why: string): Error {
  const error = new Error(`${cause.message} (${why})`, { cause });
  (error as Error & { code: string }).code = ENDPOINT_UNREACHABLE;
  return error;
}

/**
 * An agent factory for the OTel OTLP/HTTP exporters (`httpAgentOptions` /`agentFactory`) that keeps
 * a collector (or Langfuse host) which is not there from stalling the process. The exporters retry a refused
 * connection with back-off (1 s, 1.5 s, 2.25 s, … on timers that keep the process alive, up to the
 * export timeout), so a short-lived app whose collector is down used to wait about 9 s at exit. With
 * this agent a connect error that means "nothing there" (refused, unknown host, unreachable
 * network) fails the export at once, with code {@link ENDPOINT_UNREACHABLE} (which the exporter
 * does not retry), when the endpoint has never accepted a connection from this agent or when the
 * process is exiting. A collector that was reached before and goes away while the app runs is
 * still retried as the OTLP specification asks, and a slow or hanging collector is still given the
 * full export timeout: only the connect outcome is looked at. Agents keep connections alive, as the
 * exporters' default ones do. `http`/`https` are loaded when the exporter asks, so
 * `@opentelemetry/instrumentation-http` can patch them first.
 */
export function unreachableEndpointAgentFactory(): (protocol: string) => http.Agent {
  let accepted = false;
  return (protocol) => {
    const { Agent } = (protocol === 'http:' ? require('node:http') : require('node:https')) as typeof http;
    class UnreachableEndpointAgent extends Agent {
      // Hands the socket over once it connected, or fails the request with the connect error.
      override createConnection(options: http.ClientRequestArgs, callback: ConnectionCallback): undefined {
        const socket = super.createConnection(options) as Duplex;
        const onConnect = () => {
          socket.removeListener('error', onError);
          accepted = true;
          callback(null, socket);
        };
        const onError = (error: NodeJS.ErrnoException) => {
          socket.removeListener('connect', onConnect);
          if (error.code !== undefined && UNREACHABLE.has(error.code)) {
            if (!accepted)
              return callback(
                notRetried(error, 'nothing has accepted a connection there yet; not retried'),
                socket,
              );
            if (processExiting())
              return callback(notRetried(error, 'not retried while the process exits'), socket);
          }
          callback(error, socket);
        };
        socket.once('connect', onConnect);
        socket.once('error', onError);
        return undefined;
      }
    }
    return new UnreachableEndpointAgent({ keepAlive: true });
  };
}
