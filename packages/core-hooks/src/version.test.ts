import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HookBus, hooks } from './index';
import { PACKAGE_VERSION } from './version';

test('the version of every bus is the one in package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(PACKAGE_VERSION).toBe(pkg.version);
  expect(hooks.version).toBe(pkg.version);
  expect(new HookBus().version).toBe(pkg.version);
});
