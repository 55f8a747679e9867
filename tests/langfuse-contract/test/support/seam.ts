import path from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';
// One child-process runner for the workspace's Langfuse tests.
import { runChildApp } from '../../../../packages/exporter-langfuse/test/child/run-app';
import type { SeamRequest, SeamResult } from '../child/seam-protocol';

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
    const result = await runChildApp<SeamResult>(APP, { ...request, baseUrl: langfuse.url });
    return { langfuse, result };
  } catch (error) {
    await langfuse.close();
    throw error;
  }
}
