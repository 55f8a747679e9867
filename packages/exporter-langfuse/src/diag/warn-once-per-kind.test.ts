import { captureDiag } from '../../test/support/capture-diag';
import { resetOtelGlobals } from '../../test/support/tracing';
import { MAX_WARNED_KINDS, WarnOncePerKind } from './warn-once-per-kind';

afterEach(resetOtelGlobals);

describe('WarnOncePerKind', () => {
  it('warns once per kind; repeats go to debug', () => {
    const logs = captureDiag();
    const reports = new WarnOncePerKind();
    reports.report('http 500', 'first 500');
    reports.report('http 500', 'second 500');
    reports.report('ECONNREFUSED', 'refused');
    expect(logs.warnings()).toEqual([
      expect.stringContaining('first 500'),
      expect.stringContaining('refused'),
    ]);
    const ours = (level: string) =>
      logs.entries.filter((e) => e.level === level && e.text.startsWith('@mellea/exporter-langfuse'));
    expect(ours('debug').map((e) => e.text)).toEqual([expect.stringContaining('second 500')]);
  });

  it('warns again after clear()', () => {
    const logs = captureDiag();
    const reports = new WarnOncePerKind();
    reports.report('http 500', 'a');
    reports.clear();
    reports.report('http 500', 'b');
    expect(logs.warnings()).toHaveLength(2);
  });

  it('stays bounded when every failure is of a new kind', () => {
    const logs = captureDiag();
    const reports = new WarnOncePerKind();
    for (let i = 0; i < 500; i++) reports.report(`message ${i}`, `failure ${i}`);
    expect(logs.warnings()).toHaveLength(MAX_WARNED_KINDS);
    const ours = logs.entries.filter((e) => e.text.startsWith('@mellea/exporter-langfuse'));
    expect(ours.filter((e) => e.level === 'debug')).toHaveLength(500 - MAX_WARNED_KINDS);
  });

  it('still warns once about an uncapped kind after as many kinds as it remembers', () => {
    const logs = captureDiag();
    const reports = new WarnOncePerKind();
    for (let i = 0; i < MAX_WARNED_KINDS; i++) reports.report(`message ${i}`, `failure ${i}`);
    reports.report('credentials', 'rejected credentials', false);
    reports.report('credentials', 'rejected credentials again', false);
    expect(logs.warnings()).toHaveLength(MAX_WARNED_KINDS + 1);
    expect(logs.warnings()[MAX_WARNED_KINDS]).toContain('rejected credentials');
  });
});
