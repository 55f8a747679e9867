#!/usr/bin/env node
// The `mellea-traces` command: `tree <file>` and `html <file> [-o out.html]` (see viewer/cli.ts).
import { runCli } from '../viewer/cli';

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
