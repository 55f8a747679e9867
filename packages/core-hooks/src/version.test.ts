import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from './version';

test('VERSION equals the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(VERSION).toBe(pkg.version);
});
