import http from 'node:http';
import { closedPort } from '@mellea/test-otlp-receiver';
import {
  ENDPOINT_UNREACHABLE,
  markProcessExiting,
  resetProcessExitingForTests,
  unreachableEndpointAgentFactory,
} from './unreachable-endpoint-agent';

// What a request through the agent ends with: the status, or the error's code.
function post(agent: http.Agent, port: number): Promise<number | string | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/traces', agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
    req.end('{}');
  });
}

async function listen(port = 0): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

const close = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

afterEach(() => resetProcessExitingForTests());

describe('unreachableEndpointAgentFactory', () => {
  it('a refused connection to an endpoint never reached fails with a code the OTLP exporters do not retry', async () => {
    const agent = unreachableEndpointAgentFactory()('http:');
    const port = await closedPort();
    await expect(post(agent, port)).resolves.toBe(ENDPOINT_UNREACHABLE);
    await expect(post(agent, port)).resolves.toBe(ENDPOINT_UNREACHABLE);
    agent.destroy();
  });

  it('once the endpoint accepted a connection, a refusal is passed on as ECONNREFUSED (retried, as OTLP asks) until the process exits', async () => {
    const agent = unreachableEndpointAgentFactory()('http:');
    const server = await listen();
    const { port } = server.address() as { port: number };
    await expect(post(agent, port)).resolves.toBe(200);
    await close(server);
    agent.destroy(); // no kept-alive socket: the next request connects again
    await expect(post(agent, port)).resolves.toBe('ECONNREFUSED');
    markProcessExiting();
    await expect(post(agent, port)).resolves.toBe(ENDPOINT_UNREACHABLE);
    agent.destroy();
  });

  it('keeps connections alive and answers like a plain agent when the collector is there', async () => {
    const agent = unreachableEndpointAgentFactory()('http:');
    const server = await listen();
    const connections: unknown[] = [];
    server.on('connection', (c) => connections.push(c));
    const { port } = server.address() as { port: number };
    expect(await Promise.all([post(agent, port), post(agent, port)])).toEqual([200, 200]);
    await expect(post(agent, port)).resolves.toBe(200);
    expect(connections.length).toBeLessThanOrEqual(2);
    agent.destroy();
    await close(server);
  });

  it('gives an https agent for https endpoints', () => {
    const agent = unreachableEndpointAgentFactory()('https:');
    expect(agent).toBeInstanceOf(require('node:https').Agent);
    agent.destroy();
  });
});
