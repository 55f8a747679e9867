import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAppDir, runNodeJson } from './support/app-dir';

describe('MELLEA_TRACES_ENABLED auto-load of @mellea/instrumentation-flows/register (built package)', () => {
  test('loads the register entry once, on the first generation, which is traced too', () => {
    const app = makeAppDir({ withInstrumentation: true });
    try {
      const report = runNodeJson(path.join(app.dir, 'auto-load-app.cjs'), {
        cwd: app.dir,
        env: { MELLEA_TRACES_ENABLED: 'true', OTEL_SDK_DISABLED: undefined },
      });
      expect(report.loads).toBe(1);
      expect(report.events).toEqual(['pre:first', 'post:resp-first', 'pre:second', 'post:resp-second']);
      expect(report.plugins).toEqual(['fake-tracing']);
      expect(report.warnings).toEqual([]);
    } finally {
      app.cleanup();
    }
  });

  test('does nothing when MELLEA_TRACES_ENABLED is not set', () => {
    const app = makeAppDir({ withInstrumentation: true });
    try {
      const report = runNodeJson(path.join(app.dir, 'auto-load-app.cjs'), {
        cwd: app.dir,
        env: { MELLEA_TRACES_ENABLED: undefined },
      });
      expect(report.loads).toBe(0);
      expect(report.plugins).toEqual([]);
    } finally {
      app.cleanup();
    }
  });

  test('resolves from the entry script folder, never from the working directory', () => {
    const withPkg = makeAppDir({ withInstrumentation: true });
    const without = makeAppDir();
    try {
      // cwd has the package, the entry script's folder does not: not loaded, one warning.
      const report = runNodeJson(path.join(without.dir, 'auto-load-app.cjs'), {
        cwd: withPkg.dir,
        env: { MELLEA_TRACES_ENABLED: '1' },
      });
      expect(report.loads).toBe(0);
      expect(report.events).toBeNull();
      expect(report.warnings).toHaveLength(1);
      expect(report.warnings[0]).toContain('@mellea/instrumentation-flows');
    } finally {
      withPkg.cleanup();
      without.cleanup();
    }
  });

  test('the entry folder has it, the working directory does not: loaded', () => {
    const app = makeAppDir({ withInstrumentation: true });
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'core-hooks-cwd-'));
    try {
      const report = runNodeJson(path.join(app.dir, 'auto-load-app.cjs'), {
        cwd: elsewhere,
        env: { MELLEA_TRACES_ENABLED: 'yes' },
      });
      expect(report.loads).toBe(1);
    } finally {
      app.cleanup();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('OTEL_SDK_DISABLED=true wins: nothing is loaded and nothing is warned', () => {
    const app = makeAppDir({ withInstrumentation: true });
    try {
      const report = runNodeJson(path.join(app.dir, 'auto-load-app.cjs'), {
        cwd: app.dir,
        env: { MELLEA_TRACES_ENABLED: '1', OTEL_SDK_DISABLED: 'true' },
      });
      expect(report.loads).toBe(0);
      expect(report.warnings).toEqual([]);
    } finally {
      app.cleanup();
    }
  });
});
