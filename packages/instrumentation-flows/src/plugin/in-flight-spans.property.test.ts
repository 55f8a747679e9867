import fc from 'fast-check';
import { InFlightSpans } from './in-flight-spans';

interface Entry {
  tick: number;
  name: string;
}

type Op = { kind: 'add'; id: string } | { kind: 'take'; id: string } | { kind: 'abandonAll' };

/** The behaviour InFlightSpans must have: one insertion-ordered map, nothing else. */
class Reference {
  readonly entries = new Map<string, Entry>();
  readonly abandoned: string[] = [];
  constructor(private readonly max: number) {}
  add(id: string, e: Entry) {
    const existing = this.entries.get(id);
    if (existing !== undefined) {
      this.entries.delete(id);
      this.abandoned.push(existing.name);
    }
    if (this.entries.size >= this.max) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldestId);
      this.abandoned.push(oldest.name);
    }
    this.entries.set(id, e);
  }
  take(id: string) {
    const e = this.entries.get(id);
    this.entries.delete(id);
    return e;
  }
  abandonAll() {
    for (const e of this.entries.values()) this.abandoned.push(e.name);
    this.entries.clear();
  }
}

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: ids.map((id) => ({ kind: 'add' as const, id })) },
  { weight: 5, arbitrary: ids.map((id) => ({ kind: 'take' as const, id })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abandonAll' as const }) },
);

describe('InFlightSpans (model)', () => {
  it('behaves as one insertion-ordered map for any sequence of starts, ends and evictions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        const abandoned: string[] = [];
        const spans = new InFlightSpans<Entry>({
          timeoutMs: Number.POSITIVE_INFINITY,
          maxEntries: max,
          onAbandon: (e) => abandoned.push(e.name),
        });
        const ref = new Reference(max);
        ops.forEach((o, i) => {
          if (o.kind === 'add') {
            const e = { tick: 0, name: `${o.id}#${i}` };
            spans.add(o.id, e);
            ref.add(o.id, { ...e });
          } else if (o.kind === 'take') {
            expect(spans.take(o.id)?.name).toBe(ref.take(o.id)?.name);
          } else {
            spans.abandonAll();
            ref.abandonAll();
          }
          expect(abandoned).toEqual(ref.abandoned);
          expect(spans.size).toBe(ref.entries.size);
        });
        spans.abandonAll();
        ref.abandonAll();
        expect(abandoned).toEqual(ref.abandoned);
      }),
      { numRuns: 500 },
    );
  });
});
