import { captureDiag } from '../../test/support/capture-diag';
import { resetOtelGlobals } from '../../test/support/tracing';
import { markReported } from '../export/export-failure';
import { settleWithin } from './settle-within';

afterEach(resetOtelGlobals);

describe('settleWithin', () => {
  it('resolves when the work resolves, silently', async () => {
    const logs = captureDiag();
    await expect(settleWithin(async () => 'done', 10_000, 'flush')).resolves.toBeUndefined();
    expect(logs.warnings()).toEqual([]);
  });

  it('resolves with a warning when the work rejects or throws', async () => {
    const logs = captureDiag();
    await settleWithin(() => Promise.reject(new Error('nope')), 10_000, 'flush');
    await settleWithin(
      () => {
        throw new Error('sync');
      },
      10_000,
      'shutdown',
    );
    expect(logs.warnings()).toEqual([
      expect.stringContaining('Langfuse flush failed: nope'),
      expect.stringContaining('Langfuse shutdown failed: sync'),
    ]);
  });

  it('does not warn again about an export failure already reported where it happened (debug level)', async () => {
    const logs = captureDiag();
    await settleWithin(() => Promise.reject(markReported(new Error('http 500'))), 10_000, 'flush');
    expect(logs.warnings()).toEqual([]);
    const ours = logs.entries.filter((e) => e.text.startsWith('@mellea/exporter-langfuse'));
    expect(ours).toEqual([
      { level: 'debug', text: expect.stringContaining('Langfuse flush failed: http 500') },
    ]);
  });

  it('resolves with a warning when the work never settles', async () => {
    const logs = captureDiag();
    await settleWithin(() => new Promise(() => {}), 20, 'flush');
    expect(logs.warnings()).toEqual([expect.stringContaining('did not finish within 20 ms')]);
  });

  it('never keeps the process alive while it waits (its timer is unref-ed)', async () => {
    const keepingAlive = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = keepingAlive();
    let finish!: () => void;
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pending = settleWithin(() => work, 60_000, 'flush');
    expect(keepingAlive()).toBe(before);
    finish();
    await pending;
  });
});
