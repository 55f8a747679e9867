// Rewrites the marked results section of bench/README.md with the run's report.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const README = path.join(__dirname, '..', 'README.md');
const START = '<!-- bench-results:start -->';
const END = '<!-- bench-results:end -->';

/** `text` with what lies between the markers replaced by `section`. */
export function replaceResults(text: string, section: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(
      `bench/README.md has no results section: it needs the lines "${START}" and then "${END}".`,
    );
  return `${text.slice(0, start + START.length)}\n${section.trim()}\n${text.slice(end)}`;
}

/** Puts `section` between the markers of bench/README.md. */
export function writeReadmeResults(section: string): void {
  writeFileSync(README, replaceResults(readFileSync(README, 'utf8'), section));
}
