import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

it('matches package.json (sent as x-langfuse-sdk-name / x-langfuse-sdk-version)', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(PACKAGE_NAME).toBe(pkg.name);
  expect(PACKAGE_VERSION).toBe(pkg.version);
});
