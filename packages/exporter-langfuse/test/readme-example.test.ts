import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';

// The README's examples ("Usage in code", "Flow input and output"), run as written (node app.mjs,
// node flows.mjs) against the built packages, with Langfuse played by a loopback OTLP receiver.
const PACKAGE_ROOT = path.resolve(__dirname, '..');
const README = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');

function exampleApp(file: string): string {
  for (const m of README.matchAll(/```js\n([\s\S]*?)```/g)) if (m[1].startsWith(`// ${file}`)) return m[1];
  throw new Error(`no \`\`\`js block starting with "// ${file}" in README.md`);
}

/** The folder where `name` is installed for `from` (a package folder of this workspace). */
function installed(name: string, from: string): string {
  return realpathSync(path.join(from, 'node_modules', name));
}

/** A throw-away app folder whose node_modules links what the example imports. */
function makeApp(file: string): { dir: string; cleanup(): void } {
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'index.js')))
    throw new Error(
      'packages/exporter-langfuse/dist is missing: run `pnpm --filter @mellea/exporter-langfuse build`',
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exporter-langfuse-readme-'));
  const link = (name: string, target: string) => {
    const at = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  };
  link('@mellea/exporter-langfuse', PACKAGE_ROOT);
  link('@opentelemetry/api', installed('@opentelemetry/api', PACKAGE_ROOT));
  // The example's provider package is the user's choice, not a dependency of this package.
  link(
    '@opentelemetry/sdk-trace-node',
    installed('@opentelemetry/sdk-trace-node', path.join(PACKAGE_ROOT, '..', 'instrumentation-flows')),
  );
  // The flow helpers, for the flows example (built, as a user installs them).
  link('@mellea/instrumentation-flows', path.join(PACKAGE_ROOT, '..', 'instrumentation-flows'));
  writeFileSync(path.join(dir, file), exampleApp(file));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function runNode(
  dir: string,
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { cwd: dir, env, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
  });
}

describe('README example', () => {
  let langfuse: OtlpReceiver | undefined;
  afterEach(async () => {
    await langfuse?.close();
  });

  it('runs as written and sends the chat span to Langfuse as a generation', async () => {
    langfuse = await startOtlpReceiver();
    const app = makeApp('app.mjs');
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      Object.assign(env, {
        LANGFUSE_PUBLIC_KEY: 'pk-lf-readme-0001',
        LANGFUSE_SECRET_KEY: 'sk-lf-readme-0001',
        LANGFUSE_BASE_URL: langfuse.url,
        GIT_SHA: 'abc123',
      });
      await runNode(app.dir, 'app.mjs', env);
    } finally {
      app.cleanup();
    }
    expect(langfuse.requests.map((r) => r.path)).toEqual(['/api/public/otel/v1/traces']);
    const spans = langfuse.spans();
    expect(spans.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(spans[0].attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'langfuse.observation.type': 'generation',
      'langfuse.environment': 'production',
      'langfuse.release': 'abc123',
      'langfuse.internal.is_app_root': true,
    });
  });

  it('sends the workflow input and output, masked, as the observation input/output of the root', async () => {
    langfuse = await startOtlpReceiver();
    const app = makeApp('flows.mjs');
    let stdout: string;
    try {
      ({ stdout } = await runNode(app.dir, 'flows.mjs', {
        PATH: process.env.PATH,
        MELLEA_TRACES_CONTENT: '1',
        LANGFUSE_PUBLIC_KEY: 'pk-lf-readme-0001',
        LANGFUSE_SECRET_KEY: 'sk-lf-readme-0001',
        LANGFUSE_BASE_URL: langfuse.url,
      }));
    } finally {
      app.cleanup();
    }
    expect(stdout.trim()).toBe('Refund issued (billing)');
    const spans = langfuse.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(['classify', 'invoke_workflow support']);
    const root = spans.find((s) => s.name === 'invoke_workflow support')!;
    expect(root.attributes).toMatchObject({
      'langfuse.session.id': 'chat-1',
      'langfuse.user.id': 'alice',
      'langfuse.internal.is_app_root': true,
    });
    expect(JSON.parse(root.attributes['langfuse.observation.input'] as string)).toEqual({
      id: 'T-1',
      text: 'I was charged twice',
      apiKey: 'sk-[REDACTED]',
    });
    expect(JSON.parse(root.attributes['langfuse.observation.output'] as string)).toBe(
      'Refund issued (billing)',
    );
    expect(root.attributes['mellea.flow.input']).toBeUndefined();
    const step = spans.find((s) => s.name === 'classify')!;
    expect(JSON.parse(step.attributes['langfuse.observation.input'] as string)).toBe('I was charged twice');
  });
});
