#!/usr/bin/env node
// @ts-check
// Runs the mock server in the foreground: `node src/cli.mjs [--port 8787] [--chunk-gap-ms 5]`.
import { parseArgs } from 'node:util';
import { startMockOpenAIServer } from './server.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8787' }, 'chunk-gap-ms': { type: 'string' } },
});
const gap = values['chunk-gap-ms'];
const server = await startMockOpenAIServer({
  port: Number(values.port),
  chunkGapMs: gap === undefined ? undefined : Number(gap),
});
console.log(`mock OpenAI server listening: OPENAI_BASE_URL=${server.baseURL}`);
const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
