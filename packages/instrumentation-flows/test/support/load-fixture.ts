import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads `test/plugin/fixtures/<name>.json`. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(path.join(__dirname, '..', 'plugin', 'fixtures', `${name}.json`), 'utf8'),
  ) as T;
}
