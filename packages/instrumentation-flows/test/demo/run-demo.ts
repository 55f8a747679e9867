import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DecodedSpan } from '@mellea/test-otlp-receiver';

const ROOT = path.resolve(__dirname, '../../../..');
const RUN_DEMO = path.join(ROOT, 'examples/demo/run-demo.mjs');

/** What one `run-demo.mjs` run produced. */
export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  spans: DecodedSpan[];
  checks: { ok: boolean; what: string; detail?: string }[];
}

/**
 * Runs `node examples/demo/run-demo.mjs` (what `pnpm demo` runs after the build) as a child
 * process and reads back the spans its OTLP receiver decoded.
 */
export async function runDemo(args: string[] = []): Promise<DemoRun> {
  for (const pkg of ['core-hooks', 'instrumentation-flows']) {
    if (!existsSync(path.join(ROOT, 'packages', pkg, 'dist/index.js'))) {
      throw new Error(`packages/${pkg} is not built: run \`pnpm build\` first (\`pnpm test\` does)`);
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mellea-demo-'));
  const json = path.join(dir, 'demo.json');
  try {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(OTEL_|MELLEA_|LANGFUSE_)/.test(k)) delete env[k];
    const child = spawn(process.execPath, [RUN_DEMO, '--json', json, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const report = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : { spans: [], checks: [] };
    return { code, stdout, stderr, spans: report.spans, checks: report.checks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
