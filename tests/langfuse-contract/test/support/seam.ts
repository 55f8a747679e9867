import { spawn } from 'node:child_process';
import path from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
import type { SeamRequest, SeamResult } from '../child/seam-protocol';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const APP = path.join(__dirname, '..', 'child', 'run-seam-app.ts');

/** What a seam run gives the test: the loopback Langfuse's view and the app's own. */
export interface SeamRun {
  /** Received what the Langfuse processor sent. */
  langfuse: OtlpReceiver;
  result: SeamResult;
}

/**
 * Starts a loopback receiver standing in for Langfuse, runs the support workflow in a child
 * process (the OTLP exporters load `node:http` with a dynamic `import()`, which jest's module
 * sandbox does not run) with the span processor `request.processor` names pointed at it. The app
 * flushes and shuts its provider down before it exits, so everything sent has arrived by then.
 * The caller closes `langfuse`.
 */
export async function runSeam(request: Omit<SeamRequest, 'baseUrl'>): Promise<SeamRun> {
  const langfuse = await startOtlpReceiver();
  try {
    const result = await runChild({ ...request, baseUrl: langfuse.url });
    return { langfuse, result };
  } catch (error) {
    await langfuse.close();
    throw error;
  }
}

function runChild(request: SeamRequest): Promise<SeamResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('OTEL_') && !k.startsWith('LANGFUSE_') && !k.startsWith('MELLEA_')) env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', APP, JSON.stringify(request)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`seam app exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as SeamResult);
      } catch (error) {
        reject(new Error(`seam app printed no result (${String(error)}): ${out} ${err}`));
      }
    });
  });
}
