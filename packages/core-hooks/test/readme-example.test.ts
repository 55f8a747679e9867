import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeAppDir, PACKAGE_ROOT } from './support/app-dir';

const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');

function block(lang: string, firstLine?: string): string {
  const re = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g');
  for (const m of readme.matchAll(re)) if (!firstLine || m[1].startsWith(firstLine)) return m[1];
  throw new Error(`no ${lang} block${firstLine ? ` starting with ${firstLine}` : ''} in README.md`);
}

const anonymise = (text: string) => text.trim().replace(/\b[0-9a-f]{8}\b/g, '<id>');

test('the README example runs against the built package and prints what the README says', () => {
  const app = makeAppDir();
  try {
    const file = path.join(app.dir, 'example.mjs');
    writeFileSync(file, block('js', '// example.mjs'));
    const env = { ...process.env };
    delete env.MELLEA_TRACES_ENABLED;
    const out = execFileSync(process.execPath, [file], { cwd: app.dir, env, encoding: 'utf8' });
    expect(anonymise(out)).toBe(anonymise(block('text')));
  } finally {
    app.cleanup();
  }
});

test('the README diagnostics-channel subscriber runs against the built package and prints what the README says', () => {
  const app = makeAppDir();
  try {
    const file = path.join(app.dir, 'channel-subscriber.mjs');
    writeFileSync(file, block('js', '// channel-subscriber.mjs'));
    const out = execFileSync(process.execPath, [file], { cwd: app.dir, encoding: 'utf8' });
    expect(out.trim()).toBe(block('text', 'start ').trim());
  } finally {
    app.cleanup();
  }
});
