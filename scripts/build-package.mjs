#!/usr/bin/env node
// Builds one public package: tsc emits the CommonJS implementation and its types into dist/,
// then each entry gets a thin ESM wrapper (.mjs) re-exporting the CommonJS module by name, and a
// .d.mts that re-exports its types. One implementation, so no dual-package hazard.
// Usage (from a package folder): node ../../scripts/build-package.mjs index [register:side-effect]
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const cwd = process.cwd();
const require = createRequire(path.join(cwd, 'package.json'));
rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd });

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
for (const arg of process.argv.slice(2)) {
  const [entry, kind] = arg.split(':');
  const cjs = `./${entry}.js`;
  let body;
  if (kind === 'side-effect') {
    body = `import '${cjs}';\n`;
  } else {
    // Requiring the entry at build time is safe: the public entries have no import-time side
    // effects unless MELLEA_TRACES_ENABLED is set, which the build clears.
    delete process.env.MELLEA_TRACES_ENABLED;
    const names = Object.keys(require(path.join(cwd, 'dist', `${entry}.js`))).filter(
      (n) => n !== 'default' && n !== '__esModule' && IDENT.test(n),
    );
    body = `import mod from '${cjs}';\nexport const { ${names.join(', ')} } = mod;\n`;
  }
  writeFileSync(path.join(cwd, 'dist', `${entry}.mjs`), body);
  writeFileSync(path.join(cwd, 'dist', `${entry}.d.mts`), `export * from '${cjs}';\n`);
}
