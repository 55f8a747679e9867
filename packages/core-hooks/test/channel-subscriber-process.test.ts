import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeAppDir } from './support/app-dir';

interface Seen {
  name: string;
  event: string;
  id: string;
  cancelled?: boolean;
}

/** The events one generation went through, by generation id, in publishing order. */
function byGeneration(seen: Seen[]): Seen[][] {
  const groups = new Map<string, Seen[]>();
  for (const s of seen) groups.set(s.id, [...(groups.get(s.id) ?? []), s]);
  return [...groups.values()];
}

test('built package (ESM), plain node: a subscriber that throws on every event never changes a call; Node reports each throw as an uncaught exception', () => {
  const app = makeAppDir();
  try {
    const out = JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', path.join(app.dir, 'channel-subscriber.mjs')], {
        cwd: app.dir,
        encoding: 'utf8',
      }),
    );
    expect(out).toMatchObject({ sameResult: true, sameError: true, streamChunks: ['a', 'b'], batch: 'both' });
    const generations = byGeneration(out.seen);
    const shapes = generations.map((g) => [g[0].name, ...g.map((s) => s.event)].join(' '));
    expect(shapes).toEqual([
      'mellea:generation start end asyncStart asyncEnd',
      'mellea:generation start end error asyncStart asyncEnd',
      'mellea:generation start end asyncStart asyncEnd',
      'mellea:generation start end error asyncStart asyncEnd',
      'mellea:generation_batch start end asyncStart asyncEnd',
      // dropped after one chunk and garbage-collected
      'mellea:generation start end error asyncStart asyncEnd',
    ]);
    expect(generations[5].at(-1)?.cancelled).toBe(true);
    // one throw per published event, each reported by Node on the next tick
    expect(out.reported).toBe(out.seen.length);
  } finally {
    app.cleanup();
  }
});
