import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// The built package (pnpm build): one CommonJS implementation, an ESM wrapper re-exporting it.
const DIST = path.join(__dirname, '..', 'dist');

function node(code: string, type: 'commonjs' | 'module'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
}

describe('the built package', () => {
  it('has been built (run `pnpm build`)', () => {
    expect(existsSync(path.join(DIST, 'index.js'))).toBe(true);
  });

  it('exposes the same classes through require and import (no dual-package hazard)', () => {
    const out = node(
      `import { createRequire } from 'node:module';
       const require = createRequire(import.meta.url);
       const cjs = require('@mellea/exporter-langfuse');
       const esm = await import('@mellea/exporter-langfuse');
       console.log(JSON.stringify({
         same: cjs.LangfuseSpanProcessor === esm.LangfuseSpanProcessor && cjs.LangfuseExporter === esm.LangfuseExporter,
         names: Object.keys(esm).sort(),
       }));`,
      'module',
    );
    expect(JSON.parse(out)).toEqual({
      same: true,
      names: ['LangfuseExporter', 'LangfuseSpanProcessor', 'isDefaultExportSpan'],
    });
  });

  it('builds a no-op processor without keys, from CommonJS, without throwing', () => {
    const out = node(
      `const { LangfuseSpanProcessor } = require('@mellea/exporter-langfuse');
       const p = new LangfuseSpanProcessor();
       Promise.all([p.forceFlush(), p.shutdown()]).then(() => console.log('ok'));`,
      'commonjs',
    );
    expect(out.trim()).toBe('ok');
  });
});
