// The run's report as Markdown: the machine, then per suite its comparisons (per-round ratios and
// overheads), its judged checks and its other figures, each with min, median and the p25–p75
// spread and the target beside it. `pnpm bench` prints it; `--write-readme` puts it in bench/README.md.
import os from 'node:os';
import { comparisonRows, fmtMet, type SuiteResults } from '../harness';
import { figureRows } from './figures';

/** Where and how the run was made. */
export interface RunInfo {
  date: Date;
  quick: boolean;
  /** Wall time of the whole run, in seconds. */
  seconds: number;
}

/** The machine line: CPU model, cores, memory, Node version, load average at the end of the run. */
export function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  return (
    `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.arch()}; ` +
    `load average ${load} (1 / 5 / 15 min) at the end of the run`
  );
}

function table(rows: Record<string, string>[]): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]);
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${keys.join(' | ')} |`,
    `|${keys.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r[k] ?? '')).join(' | ')} |`),
  ].join('\n');
}

/** A row with a missed target in bold. */
const bold = (row: Record<string, string>) => ({ ...row, met: row.met === 'NO' ? '**NO**' : row.met });

/** One suite's section. */
export function suiteMarkdown(r: SuiteResults): string {
  const parts = [`### ${r.suite}`];
  if (Object.keys(r.comparisons).length > 0) {
    parts.push(
      `${r.rounds} interleaved rounds × ${r.ops} ops; per-round ratio subject ÷ baseline and overhead (subject − baseline).`,
      table(comparisonRows(r.comparisons).map(bold)),
    );
  }
  const checks = r.checks ?? [];
  if (checks.length > 0)
    parts.push(table(checks.map((c) => bold({ check: c.check, figure: c.figure, met: fmtMet(c.met) }))));
  if (r.figures && r.figures.length > 0) parts.push(table(figureRows(r.figures).map(bold)));
  return parts.join('\n\n');
}

/** The whole report: the run's line, then every suite that saved results. */
export function reportMarkdown(info: RunInfo, results: SuiteResults[]): string {
  const mode = info.quick
    ? '`BENCH_QUICK=1 pnpm bench` (quick: fewer rounds and generations)'
    : '`pnpm bench` (full)';
  const head = [
    `Run ${info.date.toISOString().slice(0, 16).replace('T', ' ')} UTC with ${mode}, ` +
      `${Math.floor(info.seconds / 60)} min ${Math.round(info.seconds % 60)} s in all.`,
    '',
    `- Node ${process.version}`,
    `- Machine: ${machine()}`,
    '- Rerun: `pnpm bench --write-readme` (full) or `BENCH_QUICK=1 pnpm bench --write-readme` (quick)',
  ].join('\n');
  return [head, ...results.map(suiteMarkdown)].join('\n\n');
}
