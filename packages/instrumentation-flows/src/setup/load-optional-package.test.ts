import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOptionalPackage } from './load-optional-package';

describe('loadOptionalPackage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mellea-optional-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const install = (name: string, body: string) => {
    const pkg = path.join(dir, 'node_modules', name);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), body);
  };

  it('resolves from the folder of the entry script', () => {
    install('some-optional', 'exports.answer = 42;');
    const loaded = loadOptionalPackage<{ answer: number }>('some-optional', path.join(dir, 'app.js'));
    expect(loaded).toEqual({ status: 'loaded', module: { answer: 42 } });
  });

  it('reports missing when not installed beside the entry script (never looking at the working directory), or without one', () => {
    expect(loadOptionalPackage('some-optional', path.join(dir, 'app.js'))).toEqual({ status: 'missing' });
    expect(loadOptionalPackage('some-optional', undefined)).toEqual({ status: 'missing' });
  });

  it('reports a package that throws while loading as failed, without throwing', () => {
    install('broken-optional', 'throw new Error("broken on load");');
    const loaded = loadOptionalPackage('broken-optional', path.join(dir, 'app.js'));
    expect(loaded).toEqual({
      status: 'failed',
      error: expect.objectContaining({ message: 'broken on load' }),
    });
  });
});
