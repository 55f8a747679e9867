// Figures that are not per-op times (throughput, bytes, memory): summarised over rounds with the
// harness's stats and printed as min, median and the p25–p75 spread, with the target beside them.
import { type Figure, fmtMet, type Summary, spread, summary } from '../harness';

/** How a figure's values are printed. */
export type Unit = 'spans/s' | 'generations/s' | 'bytes/span' | 'spans' | '%' | 'MB' | '×';

/** A figure over rounds; `target.met` judges the summary (the median, usually). */
export function figure(
  name: string,
  unit: Unit,
  values: number[],
  target?: { text: string; met(s: Summary): boolean },
): Figure {
  const s = summary(values);
  return { name, unit, summary: s, target: target?.text, met: target?.met(s) };
}

/** `value` in `unit`, rounded for reading (`1,234 spans/s`, `12.3 MB`, `0.50×`). */
export function formatValue(value: number, unit: string): string {
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'MB' || unit === '%') return `${value.toFixed(1)} ${unit}`;
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}

/** One printable row per figure: min, median, p25 – p75, target, met. */
export function figureRows(figures: Figure[]): Record<string, string>[] {
  return figures.map((f) => ({
    figure: f.name,
    min: formatValue(f.summary.min, f.unit),
    median: formatValue(f.summary.median, f.unit),
    'p25 – p75': spread(f.summary, (x) => formatValue(x, f.unit)),
    target: f.target ?? '—',
    met: fmtMet(f.met),
  }));
}

/** Prints a suite's heading and its figures. */
export function printFigures(title: string, description: string, figures: Figure[]): void {
  console.log(`\n## ${title}\n\n${description}\n`);
  console.table(figureRows(figures));
}
