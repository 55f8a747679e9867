import { type InstalledApp, installedApps, installedVersion } from './support/installed-apps';

/** The lines of an npm run that speak of peers or resolution conflicts. */
const peerTrouble = (app: InstalledApp) =>
  `${app.install.stdout}\n${app.install.stderr}`.split('\n').filter((l) => /peer|ERESOLVE|invalid/i.test(l));

/** Exit 0, no peer warning, and `npm ls --all` clean. */
function expectCleanInstall(app: InstalledApp): void {
  expect(app.install.code).toBe(0);
  expect(peerTrouble(app)).toEqual([]);
  expect(app.lsCode).toBe(0);
}

describe('installing the packed packages with npm --strict-peer-deps', () => {
  const apps = installedApps();

  it(`beside @opentelemetry/api ~1.10, sdk-node and sdk-trace 3.x on Node ${process.versions.node}: no peer warning, npm ls clean`, () => {
    const app = apps.sdk3;
    expectCleanInstall(app);
    expect(installedVersion(app, '@opentelemetry/api')).toMatch(/^1\.10\./);
    expect(installedVersion(app, '@opentelemetry/sdk-trace')).toMatch(/^3\./);
    expect(installedVersion(app, '@opentelemetry/sdk-node')).toMatch(/^0\.3\d\d\./);
    expect(installedVersion(app, '@mellea/instrumentation-flows')).toBeDefined();
    expect(installedVersion(app, '@mellea/exporter-langfuse')).toBeDefined();
    // nothing of the 2.x line came with our packages
    expect(installedVersion(app, '@opentelemetry/sdk-trace-base')).toBeUndefined();
    expect(installedVersion(app, '@opentelemetry/sdk-trace-node')).toBeUndefined();
  });

  it('beside @opentelemetry/api ~1.9, sdk-node ~0.223 and sdk-trace-base ~2.12 on Node 20: no peer warning, npm ls clean', () => {
    const app = apps.sdk2;
    expectCleanInstall(app);
    expect(installedVersion(app, '@opentelemetry/api')).toMatch(/^1\.9\./);
    expect(installedVersion(app, '@opentelemetry/sdk-trace-base')).toMatch(/^2\.12\./);
    expect(installedVersion(app, '@opentelemetry/sdk-node')).toMatch(/^0\.223\./);
    expect(installedVersion(app, '@mellea/instrumentation-flows')).toBeDefined();
  });

  it('beside @opentelemetry/api alone (no SDK): installs no SDK package of its own', () => {
    const app = apps.bare;
    expectCleanInstall(app);
    for (const name of [
      'sdk-trace',
      'sdk-trace-base',
      'sdk-trace-node',
      'core',
      'resources',
      'otlp-transformer',
    ])
      expect([name, installedVersion(app, `@opentelemetry/${name}`)]).toEqual([name, undefined]);
  });
});
