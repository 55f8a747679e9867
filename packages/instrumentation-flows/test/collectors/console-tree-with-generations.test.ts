import { Writable } from 'node:stream';
import { HookBus, runGeneration, runGenerationStream } from '@mellea/core-hooks';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BackendTracingPlugin, ConsoleTreeExporter, traceAgent, traceWorkflow } from '../../src';
import { setupTracingTestEnv, type TracingTestEnv } from '../../src/test-support/tracing-test-env';

let env: TracingTestEnv;
let bus: HookBus;
let unregister: () => void;
let output: string[];
beforeEach(() => {
  output = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      output.push(String(chunk));
      done();
    },
  });
  env = setupTracingTestEnv({
    spanProcessors: [new SimpleSpanProcessor(new ConsoleTreeExporter({ stream }))],
  });
  bus = new HookBus();
  unregister = new BackendTracingPlugin({ metrics: false }).register(bus);
});
afterEach(async () => {
  unregister();
  await env.close();
});

it('shows the model and token counts of the plugin’s generation spans, and failed generations as ERROR', async () => {
  await traceWorkflow('answer', () =>
    traceAgent('writer', async () => {
      await runGeneration(
        { operation: 'chat', provider: 'openai', model: 'gpt-4o-mini' },
        async () => 'text',
        () => ({ model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 11, outputTokens: 22 } }),
        { bus },
      );
      await runGeneration(
        { operation: 'chat', provider: 'openai', model: 'gpt-4o-mini' },
        async () => Promise.reject(new Error('rate limited')),
        () => ({}),
        { bus },
      ).catch(() => undefined);
    }),
  );
  expect(output).toHaveLength(1);
  const lines = output[0].trimEnd().split('\n');
  expect(lines.map((l) => l.replace(/ {2}[\d.]+ m?s {2}/, ' | '))).toEqual([
    expect.stringMatching(/^trace [0-9a-f]{32}$/),
    'invoke_workflow answer | UNSET',
    '└─ invoke_agent writer | UNSET',
    '   ├─ chat gpt-4o-mini | UNSET  model=gpt-4o-mini-2024-07-18  tokens in=11 out=22',
    '   └─ chat gpt-4o-mini | ERROR (rate limited)  model=gpt-4o-mini',
  ]);
});

it('shows the time to first chunk of a stream', async () => {
  const stream = await runGenerationStream(
    { operation: 'chat', provider: 'openai', model: 'gpt-4o-mini', stream: true },
    async function* () {
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield 'Hel';
      yield 'lo';
    },
    { onChunk: () => undefined, response: () => ({ finishReasons: ['stop'] }) },
    { bus },
  );
  for await (const _ of stream) {
    // drain
  }
  const line = output.join('').trimEnd().split('\n')[1];
  expect(line).toMatch(
    /^chat gpt-4o-mini {2}[\d.]+ ms {2}UNSET {2}model=gpt-4o-mini {2}first chunk (\d+\.\d) ms$/,
  );
  expect(Number(/first chunk ([\d.]+) ms/.exec(line)![1])).toBeGreaterThanOrEqual(15);
});
