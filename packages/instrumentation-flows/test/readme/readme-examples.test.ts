import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs the README's examples of the flow, trace-context and local-collector sections against the
// built package (`pnpm test` builds first), as a user would: `import … from '@mellea/instrumentation-flows'`.
const packageDir = join(__dirname, '..', '..');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

function exampleOf(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`section "${heading}" has no ts example`);
  return match[1];
}

function run(heading: string): { code: number | null; stdout: string; stderr: string } {
  const dir = join(packageDir, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-${heading.replace(/\W+/g, '-').toLowerCase()}.mts`);
  writeFileSync(file, exampleOf(heading));
  const env = { ...process.env };
  delete env.MELLEA_TRACES_ENABLED;
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: packageDir,
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

it('runs the "Flow, agent and tool spans" example and prints its tree', () => {
  const { code, stdout, stderr } = run('Flow, agent and tool spans');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^trace [0-9a-f]{32}$/);
  expect(lines.slice(1).map((l) => l.replace(/ {2}[\d.]+ m?s {2}UNSET$/, ''))).toEqual([
    'invoke_workflow trip-planner',
    '├─ plan',
    '└─ invoke_agent researcher',
    '   ├─ execute_tool lookup_weather',
    '   └─ execute_tool lookup_hotels',
    'weather: fine; hotels: fine',
  ]);
});

it('runs the "Flow input and output" example: input and output recorded, the API key masked', () => {
  const { code, stdout, stderr } = run('Flow input and output');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const section = readme.slice(readme.indexOf('\n## Flow input and output\n'));
  const printed = /prints\n\n```text\n([\s\S]*?)```/.exec(section)?.[1];
  expect(stdout).toBe(printed);
  expect(stdout).not.toContain('sk-proj-abcdefgh12345678');
});

it('runs the "Session and user context" example: every span carries its own session', () => {
  const { code, stdout, stderr } = run('Session and user context');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const spans = stdout
    .trim()
    .split('\n')
    .map((line) => {
      const at = line.indexOf(' {');
      return { name: line.slice(0, at), attributes: JSON.parse(line.slice(at + 1)) };
    });
  expect(spans.map((s) => s.name)).toEqual(['SELECT tickets', 'invoke_agent support']);
  const session = spans[0].attributes['session.id'];
  expect(['chat-1', 'chat-2']).toContain(session);
  expect(spans[0].attributes).toEqual({
    'session.id': session,
    'user.id': session === 'chat-1' ? 'alice' : 'bob',
    'tag.tags': ['web', 'beta'],
  });
  expect(spans[1].attributes).toMatchObject({
    'session.id': session,
    'gen_ai.conversation.id': session,
    'mellea.trace.name': 'support-chat',
    'mellea.trace.metadata.plan': 'pro',
  });
});

it('runs the "Seeing traces locally" example: a tree from the collector and OTLP/JSON lines in a file', () => {
  const { code, stdout, stderr } = run('Seeing traces locally');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const lines = stdout.trim().split('\n');
  expect(lines.slice(0, 3)).toEqual(['invoke_workflow etl', '  extract', '  load']);
  expect(lines[3]).toMatch(/^3 OTLP\/JSON lines in .*traces\.jsonl$/);
});
