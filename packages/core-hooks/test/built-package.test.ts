import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeAppDir, PACKAGE_ROOT, runNodeJson } from './support/app-dir';

const PUBLIC_VALUES = [
  'GENERATION_BATCH_CHANNEL',
  'GENERATION_CHANNEL',
  'GENERATION_HOOKS',
  'HookBus',
  'HookPhaseError',
  'hooks',
  'isHookPhaseError',
  'newGenerationId',
  'normalizeUsage',
  'resolveContent',
  'runGeneration',
  'runGenerationBatch',
  'runGenerationStream',
  'setHookLogger',
  'sumUsage',
];

describe('the built package (dist) in a child process', () => {
  let app: ReturnType<typeof makeAppDir>;
  const version = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
  beforeAll(() => {
    app = makeAppDir();
  });
  afterAll(() => app.cleanup());

  test.each([
    ['require', 'load-built.cjs'],
    ['import', 'load-built.mjs'],
  ])('loads with %s and runs a traced generation on the global bus', (_how, script) => {
    const report = runNodeJson(path.join(app.dir, script), {
      cwd: app.dir,
      env: { MELLEA_TRACES_ENABLED: undefined },
    });
    expect(report.exports).toEqual(PUBLIC_VALUES);
    expect(report.version).toBe(version);
    expect(report.sameGlobal).toBe(true);
    expect(report.result).toBe('ok');
    expect(report.seen).toEqual(['pre:m', 'post:r']);
    expect(report.isHookPhaseError).toBe(true);
    expect(report.usage).toEqual({ inputTokens: 1, outputTokens: 2 });
    expect(report.hooksList).toHaveLength(6);
  });

  test('import and require of the package give the very same implementation (no dual-package hazard)', () => {
    const report = runNodeJson(path.join(app.dir, 'load-built.mjs'), { cwd: app.dir });
    expect(report.sameAsRequire).toBe(true);
  });
});
