import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MelleaInstrumentation } from './setup/mellea-instrumentation';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

it('names tracer, meter and instrumentation after package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(PACKAGE_NAME).toBe(pkg.name);
  expect(PACKAGE_VERSION).toBe(pkg.version);
  const instrumentation = new MelleaInstrumentation({ enabled: false });
  expect(instrumentation.instrumentationName).toBe(pkg.name);
  expect(instrumentation.instrumentationVersion).toBe(pkg.version);
});
