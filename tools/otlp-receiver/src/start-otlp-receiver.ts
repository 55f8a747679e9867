import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { decodeJsonTraces } from './decode-json';
import { decodeProtobufTraces } from './decode-protobuf';
import { flattenSpans } from './flatten-spans';
import type { DecodedSpan, OtlpReceiver, OtlpReceiverOptions, ReceivedRequest } from './types';

interface Waiter {
  ready(): boolean;
  resolve(): void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function undoEncoding(raw: Buffer, encoding: string | undefined): Buffer {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'gzip') return gunzipSync(raw);
  if (e === 'deflate') return inflateSync(raw);
  return raw;
}

function isJson(contentType: string): boolean {
  return contentType.includes('json');
}

/**
 * Starts a loopback OTLP/HTTP trace receiver on 127.0.0.1. It accepts `POST` on any path (so it
 * can stand in for a collector at `/v1/traces` or for Langfuse at `/api/public/otel/v1/traces`),
 * undoes gzip/deflate `Content-Encoding`, decodes protobuf bodies with the official OTLP
 * definitions and JSON bodies with the OTLP/JSON mapping, and replies 200 with an empty
 * `ExportTraceServiceResponse` (or the forced `status`).
 */
export async function startOtlpReceiver(opts: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  let spans: DecodedSpan[] = [];
  let forcedStatus = opts.status;
  const waiters = new Set<Waiter>();

  const settleWaiters = () => {
    for (const w of waiters) {
      if (w.ready()) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const record: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      contentType,
      body: raw,
      decoded: undefined,
    };
    let ok = req.method === 'POST';
    if (ok) {
      try {
        record.body = undoEncoding(raw, req.headers['content-encoding'] as string | undefined);
        record.decoded = isJson(contentType)
          ? decodeJsonTraces(record.body)
          : decodeProtobufTraces(record.body);
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
        ok = false;
      }
    }
    requests.push(record);
    if (record.decoded) spans = spans.concat(flattenSpans(record.decoded));
    settleWaiters();

    const status = forcedStatus ?? (ok ? 200 : req.method === 'POST' ? 400 : 405);
    if (status === 200) {
      const json = isJson(contentType);
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    } else {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(record.error ?? `status ${status}`);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  const waitFor = <T>(ready: () => boolean, value: () => T, what: string, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ready()) return resolve(value());
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`OTLP receiver: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve(value());
        },
      };
      waiters.add(waiter);
    });

  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    port,
    requests,
    spans: () => spans.slice(),
    waitForSpans: (n, timeoutMs = 10_000) =>
      waitFor(
        () => spans.length >= n,
        () => spans.slice(),
        `${n} span(s) (got ${spans.length} in ${requests.length} request(s))`,
        timeoutMs,
      ),
    waitForRequests: (n, timeoutMs = 10_000) =>
      waitFor(
        () => requests.length >= n,
        () => requests.slice(),
        `${n} request(s)`,
        timeoutMs,
      ),
    setStatus: (status) => {
      forcedStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
