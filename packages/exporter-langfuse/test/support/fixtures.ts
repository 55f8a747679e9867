import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads `test/fixtures/<name>.json`. */
export function loadFixture<T = Record<string, string | number | boolean | string[]>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as T;
}
