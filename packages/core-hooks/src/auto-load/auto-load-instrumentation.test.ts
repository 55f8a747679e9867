import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useCapturedWarnings } from '../../test/support/recorder';
import {
  autoLoadInstrumentation,
  autoLoadRequested,
  resetAutoLoadForTests,
} from './auto-load-instrumentation';

function appWithRegister(registerSource: string | undefined): { entry: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'core-hooks-autoload-'));
  if (registerSource !== undefined) {
    const pkg = path.join(dir, 'node_modules', '@mellea', 'instrumentation-flows');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: '@mellea/instrumentation-flows', exports: { './register': './register.js' } }),
    );
    writeFileSync(path.join(pkg, 'register.js'), registerSource);
  }
  return { entry: path.join(dir, 'main.js'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('autoLoadRequested', () => {
  test.each([
    [{ MELLEA_TRACES_ENABLED: '1' }, true],
    [{ MELLEA_TRACES_ENABLED: 'TRUE' }, true],
    [{ MELLEA_TRACES_ENABLED: ' yes ' }, true],
    [{ MELLEA_TRACES_ENABLED: 'on' }, true],
    [{ MELLEA_TRACES_ENABLED: '0' }, false],
    [{ MELLEA_TRACES_ENABLED: 'false' }, false],
    [{ MELLEA_TRACES_ENABLED: '' }, false],
    [{}, false],
    [{ MELLEA_TRACES_ENABLED: '1', OTEL_SDK_DISABLED: 'true' }, false],
    [{ MELLEA_TRACES_ENABLED: '1', OTEL_SDK_DISABLED: 'false' }, true],
  ])('%j → %s', (env, expected) => {
    expect(autoLoadRequested(env)).toBe(expected);
  });
});

describe('autoLoadInstrumentation', () => {
  const capture = useCapturedWarnings();
  beforeEach(() => resetAutoLoadForTests());

  test('not installed: one warning naming the package, and it runs only once per process', () => {
    const app = appWithRegister(undefined);
    try {
      expect(autoLoadInstrumentation({ MELLEA_TRACES_ENABLED: '1' }, app.entry)).toEqual({
        status: 'missing',
      });
      expect(autoLoadInstrumentation({ MELLEA_TRACES_ENABLED: '1' }, app.entry)).toBeUndefined();
      expect(capture.warnings).toHaveLength(1);
      expect(capture.warnings[0].msg).toContain('@mellea/instrumentation-flows');
    } finally {
      app.cleanup();
    }
  });

  test('a register entry that throws is reported once and never thrown into the app', () => {
    const app = appWithRegister("throw new Error('broken setup');");
    try {
      const outcome = autoLoadInstrumentation({ MELLEA_TRACES_ENABLED: '1' }, app.entry);
      expect(outcome?.status).toBe('failed');
      expect(capture.warnings).toHaveLength(1);
      expect(capture.warnings[0].rest[0]).toMatchObject({ message: 'broken setup' });
    } finally {
      app.cleanup();
    }
  });

  test('installed beside the entry script: loaded synchronously', () => {
    const app = appWithRegister('module.exports = { loadedAt: Date.now() };');
    try {
      expect(autoLoadInstrumentation({ MELLEA_TRACES_ENABLED: 'true' }, app.entry)).toEqual({
        status: 'loaded',
      });
      expect(capture.warnings).toHaveLength(0);
    } finally {
      app.cleanup();
    }
  });

  test('not requested: nothing is resolved and nothing is warned', () => {
    expect(autoLoadInstrumentation({}, '/nonexistent/main.js')).toBeUndefined();
    expect(capture.warnings).toHaveLength(0);
  });
});
