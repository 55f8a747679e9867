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
  /** The spans of the run's `demo.jsonl`, decoded. */
  spans: DecodedSpan[];
  checks: { ok: boolean; what: string; detail?: string }[];
  /** How many spans the demo's loopback OTLP receiver got (none when the run went to another collector). */
  received: number | undefined;
  /** The text of `demo.jsonl` and `demo.html`, when they were written. */
  jsonl: string | undefined;
  html: string | undefined;
}

/**
 * Runs `node examples/demo/run-demo.mjs` (what `pnpm demo` runs after the build) as a child
 * process writing into a temporary folder (`--out`), and reads back what it wrote. The caller's
 * OTEL_/MELLEA_/LANGFUSE_/OPENAI_ variables are dropped; `env` adds the test's own.
 */
export async function runDemo(args: string[] = [], env: Record<string, string> = {}): Promise<DemoRun> {
  for (const pkg of ['core-hooks', 'instrumentation-flows']) {
    if (!existsSync(path.join(ROOT, 'packages', pkg, 'dist/index.js'))) {
      throw new Error(`packages/${pkg} is not built: run \`pnpm build\` first (\`pnpm test\` does)`);
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mellea-demo-'));
  const json = path.join(dir, 'report.json');
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  try {
    const childEnv: Record<string, string | undefined> = { ...process.env };
    for (const k of Object.keys(childEnv))
      if (/^(OTEL_|MELLEA_|LANGFUSE_|OPENAI_)/.test(k)) delete childEnv[k];
    const child = spawn(process.execPath, [RUN_DEMO, '--json', json, '--out', dir, ...args], {
      cwd: ROOT,
      env: { ...childEnv, ...env },
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
    const report = JSON.parse(read(json) ?? '{"spans":[],"checks":[]}');
    return {
      code,
      stdout,
      stderr,
      spans: report.spans,
      checks: report.checks,
      received: report.received,
      jsonl: read(path.join(dir, 'demo.jsonl')),
      html: read(path.join(dir, 'demo.html')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
