import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeAppDir } from './support/app-dir';

test('built package: a stream dropped unfinished ends as cancelled in a plain node --expose-gc process', () => {
  const app = makeAppDir();
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', path.join(app.dir, 'abandoned-stream.cjs')], {
      cwd: app.dir,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      events: [{ type: 'error', cancelled: true, source: 'consumer', finishReasons: ['error'] }],
      providerClosed: true,
    });
  } finally {
    app.cleanup();
  }
});
