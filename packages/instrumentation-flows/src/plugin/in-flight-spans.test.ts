import { InFlightSpans } from './in-flight-spans';

interface Entry {
  tick: number;
  name: string;
}

function registry(timeoutMs: number, maxEntries = 10) {
  const abandoned: string[] = [];
  const spans = new InFlightSpans<Entry>({ timeoutMs, maxEntries, onAbandon: (e) => abandoned.push(e.name) });
  const add = (name: string) => spans.add(name, { tick: 0, name });
  return { spans, abandoned, add };
}

describe('InFlightSpans', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('returns an entry once and then forgets it', () => {
    const { spans, add } = registry(1_000);
    add('a');
    expect(spans.take('a')?.name).toBe('a');
    expect(spans.take('a')).toBeUndefined();
    expect(spans.size).toBe(0);
  });

  it('abandons the oldest entries beyond maxEntries', () => {
    const { spans, abandoned, add } = registry(1_000, 2);
    for (const n of ['a', 'b', 'c', 'd']) add(n);
    expect(abandoned).toEqual(['a', 'b']);
    expect(spans.size).toBe(2);
  });

  it('abandons an entry added twice under one id before storing the new one', () => {
    const { spans, abandoned } = registry(1_000);
    spans.add('x', { tick: 0, name: 'first' });
    spans.add('x', { tick: 0, name: 'second' });
    expect(abandoned).toEqual(['first']);
    expect(spans.take('x')?.name).toBe('second');
  });

  it('abandons each entry after its timeout, at most a tenth of it late, with one timer', () => {
    jest.useFakeTimers();
    const { spans, abandoned, add } = registry(1_000);
    add('a'); // t = 0: ticks every 100 ms from here
    jest.advanceTimersByTime(350);
    add('b'); // t = 350
    jest.advanceTimersByTime(649);
    expect(abandoned).toEqual([]); // t = 999: a is not yet a whole timeout old
    jest.advanceTimersByTime(101);
    expect(abandoned).toEqual(['a']); // t = 1100
    jest.advanceTimersByTime(249);
    expect(abandoned).toEqual(['a']); // t = 1349
    jest.advanceTimersByTime(101);
    expect(abandoned).toEqual(['a', 'b']); // t = 1450
    expect(spans.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('restarts its ticks when an entry comes after it went quiet', () => {
    jest.useFakeTimers();
    const { spans, abandoned, add } = registry(1_000);
    add('a');
    spans.take('a');
    jest.advanceTimersByTime(5_050); // the timer stopped on the first tick that found nothing
    expect(jest.getTimerCount()).toBe(0);
    add('b'); // a fresh tick starts now
    jest.advanceTimersByTime(999);
    expect(abandoned).toEqual([]);
    jest.advanceTimersByTime(101);
    expect(abandoned).toEqual(['b']);
  });

  it('abandons entries of any age at least a timeout after they started (model)', () => {
    jest.useFakeTimers();
    const { abandoned, add } = registry(700, 1_000);
    const startedAt = new Map<string, number>();
    let now = 0;
    for (let i = 0; i < 40; i++) {
      const name = `g${i}`;
      add(name);
      startedAt.set(name, now);
      const step = (i * 37) % 113;
      jest.advanceTimersByTime(step);
      now += step;
      for (const [name, start] of startedAt) {
        // gone only once a whole timeout old; still open only within a timeout and one tick
        if (abandoned.includes(name)) expect(now - start).toBeGreaterThanOrEqual(700);
        else expect(now - start).toBeLessThan(770);
      }
    }
    jest.advanceTimersByTime(2_000);
    expect(abandoned).toHaveLength(40);
  });

  it('schedules no timer while one is pending', () => {
    jest.useFakeTimers();
    const { add } = registry(1_000);
    for (let i = 0; i < 100; i++) add(`g${i}`);
    expect(jest.getTimerCount()).toBe(1);
  });

  it('never keeps the process alive: its timer is unref’d', () => {
    const created: NodeJS.Timeout[] = [];
    const real = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const t = real(fn, ms);
      created.push(t);
      return t;
    }) as typeof setTimeout);
    const { spans, add } = registry(60_000);
    add('a');
    expect(created).toHaveLength(1);
    expect(created[0].hasRef()).toBe(false);
    spans.abandonAll();
  });

  it('abandons everything and stops its timer on abandonAll', () => {
    jest.useFakeTimers();
    const { spans, abandoned, add } = registry(1_000);
    add('a');
    add('b');
    spans.abandonAll();
    expect(abandoned).toEqual(['a', 'b']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps going when ending an abandoned span throws', () => {
    const spans = new InFlightSpans<Entry>({
      timeoutMs: 1_000,
      maxEntries: 1,
      onAbandon: () => {
        throw new Error('broken span');
      },
    });
    spans.add('a', { tick: 0, name: 'a' });
    expect(() => spans.add('b', { tick: 0, name: 'b' })).not.toThrow();
    expect(spans.size).toBe(1);
  });

  it('holds nothing for generations that ended', () => {
    const { spans, add } = registry(1_000);
    for (let i = 0; i < 10_000; i++) {
      add(`g${i}`);
      expect(spans.take(`g${i}`)?.name).toBe(`g${i}`);
    }
    expect(spans.size).toBe(0);
    expect((spans as unknown as { entries: Map<string, unknown> }).entries.size).toBe(0);
  });

  it('keeps open entries among many that end and abandons them in start order', () => {
    jest.useFakeTimers();
    const { spans, abandoned, add } = registry(1_000, 5_000);
    add('open-1');
    for (let i = 0; i < 1_500; i++) {
      add(`g${i}`);
      spans.take(`g${i}`);
    }
    add('open-2');
    expect(spans.size).toBe(2);
    jest.advanceTimersByTime(1_100);
    expect(abandoned).toEqual(['open-1', 'open-2']);
    expect(spans.size).toBe(0);
  });

  it('starts afresh when an ended id is used again', () => {
    const { spans, abandoned, add } = registry(1_000, 2);
    add('a');
    spans.take('a');
    add('b');
    add('a');
    add('c');
    expect(abandoned).toEqual(['b']);
    expect(spans.take('a')?.name).toBe('a');
  });

  it('never schedules a timer with an infinite timeout', () => {
    jest.useFakeTimers();
    const { add } = registry(Number.POSITIVE_INFINITY);
    add('a');
    expect(jest.getTimerCount()).toBe(0);
  });
});
