import { AppRootTracker } from './app-root-tracker';

describe('AppRootTracker', () => {
  it('marks a root span that is exported', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', true)).toBe(true);
    expect(t.start('t1', true)).toBe(false);
  });

  it('marks the first exported span under a parent that is not exported, and only that one', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', false)).toBe(false);
    expect(t.start('t1', true)).toBe(true);
    expect(t.start('t1', true)).toBe(false);
    expect(t.start('t1', true)).toBe(false);
  });

  it('never marks a span that is not exported', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', false)).toBe(false);
  });

  it('tracks traces independently', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', true)).toBe(true);
    expect(t.start('t2', true)).toBe(true);
  });

  it('does not mark a second root when a late span of a closed trace starts', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', true)).toBe(true);
    t.end('t1');
    expect(t.start('t1', true)).toBe(false);
  });

  it('drops per-trace state once every span of the trace ended', () => {
    const t = new AppRootTracker();
    t.start('t1', false);
    t.start('t1', false);
    t.end('t1');
    t.end('t1');
    expect(t.size).toBe(0);
  });

  it('stays bounded when spans never end', () => {
    const t = new AppRootTracker(100);
    for (let i = 0; i < 1000; i++) t.start(`t${i}`, true);
    expect(t.size).toBeLessThanOrEqual(200);
  });

  it('holds no state per span while a long trace stays open (a root open for hours)', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(typeof gc).toBe('function'); // jest runs under node --expose-gc
    const t = new AppRootTracker();
    expect(t.start('t1', true)).toBe(true);
    const spans = 300_000;
    gc!();
    const before = process.memoryUsage().heapUsed;
    let roots = 0;
    for (let i = 0; i < spans; i++) {
      if (t.start('t1', true)) roots++;
      t.end('t1');
    }
    gc!();
    expect(roots).toBe(0);
    const grown = process.memoryUsage().heapUsed - before;
    // A set of the exported span ids (as it once was) held ~36 MB here.
    expect(grown).toBeLessThan(4 * 1024 * 1024);
    expect(t.size).toBe(1);
  });
});
