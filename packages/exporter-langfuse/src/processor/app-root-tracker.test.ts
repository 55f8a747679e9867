import { AppRootTracker } from './app-root-tracker';

describe('AppRootTracker', () => {
  it('marks a root span that is exported', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', 'a', undefined, true)).toBe(true);
    expect(t.start('t1', 'b', 'a', true)).toBe(false);
  });

  it('marks the first exported span under a parent that is not exported, and only that one', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', 'http', undefined, false)).toBe(false);
    expect(t.start('t1', 'chat1', 'http', true)).toBe(true);
    expect(t.start('t1', 'chat2', 'http', true)).toBe(false);
    expect(t.start('t1', 'tool', 'chat1', true)).toBe(false);
  });

  it('never marks a span that is not exported', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', 'a', undefined, false)).toBe(false);
  });

  it('tracks traces independently', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', 'a', undefined, true)).toBe(true);
    expect(t.start('t2', 'b', undefined, true)).toBe(true);
  });

  it('does not mark a second root when a late span of a closed trace starts', () => {
    const t = new AppRootTracker();
    expect(t.start('t1', 'a', 'remote', true)).toBe(true);
    t.end('t1');
    expect(t.start('t1', 'b', 'remote', true)).toBe(false);
  });

  it('drops per-trace state once every span of the trace ended', () => {
    const t = new AppRootTracker();
    t.start('t1', 'a', undefined, false);
    t.start('t1', 'b', 'a', false);
    t.end('t1');
    t.end('t1');
    expect(t.size).toBe(0);
  });

  it('stays bounded when spans never end', () => {
    const t = new AppRootTracker(100);
    for (let i = 0; i < 1000; i++) t.start(`t${i}`, 's', undefined, true);
    expect(t.size).toBeLessThanOrEqual(200);
  });
});
