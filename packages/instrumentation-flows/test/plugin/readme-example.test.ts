import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs the README's BackendTracingPlugin example against the built package (`pnpm test` builds
// first), as a user would: `import … from '@mellea/instrumentation-flows'`.
const packageDir = join(__dirname, '..', '..');
const HEADING = '## Generation spans and metrics (`BackendTracingPlugin`)';

function example(): string {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start < 0) throw new Error(`README has no section "${HEADING}"`);
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!match) throw new Error('the section has no ts example');
  return match[1];
}

it('runs the BackendTracingPlugin README example: one chat span with usage and content', () => {
  const dir = join(packageDir, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'readme-backend-tracing-plugin.mts');
  writeFileSync(file, example());
  const env = { ...process.env };
  for (const name of ['MELLEA_TRACES_ENABLED', 'MELLEA_TRACES_CONTENT', 'OTEL_SEMCONV_STABILITY_OPT_IN'])
    delete env[name];
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: packageDir,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const [answer, spanLine, ...rest] = result.stdout.trim().split('\n');
  expect(answer).toBe('Paris.');
  expect(rest).toEqual([]);
  expect(spanLine.startsWith('chat gpt-4o-mini {')).toBe(true);
  const attributes = JSON.parse(spanLine.slice('chat gpt-4o-mini '.length));
  expect(attributes).toMatchObject({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0,
    'server.address': 'api.openai.com',
    'server.port': 443,
    'gen_ai.response.id': 'chatcmpl-1',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 12,
    'gen_ai.usage.output_tokens': 2,
    'mellea.usage.total_tokens': 14,
  });
  expect(JSON.parse(attributes['gen_ai.input.messages'])[0].parts[0].content).toBe('Capital of France?');
  expect(JSON.parse(attributes['gen_ai.output.messages'])[0].parts[0].content).toBe('Paris.');
});
