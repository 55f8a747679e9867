// The names of the end-to-end suites' stacks and cases, shared by e2e.bench.ts (ours and the peers)
// and e2e-floor.bench.ts (ours and the floor), so the same stack reads the same in both reports.

/** What every stack does: one chat call, one 21-chunk stream read to its end. */
export const OPS = ['chat', 'stream'] as const;
export type Op = (typeof OPS)[number];

/** Every stack, by key. */
export const STACKS = {
  fw: 'framework, uninstrumented',
  fwOn: 'framework, uninstrumented, context manager on',
  plugin: 'framework + plugin (default options)',
  pluginMp: 'framework + plugin, MeterProvider',
  floor: 'framework + hand-written span (floor)',
  floorMp: 'framework + hand-written span + histograms',
  oa: 'openai, uninstrumented',
  oaOn: 'openai, uninstrumented, context manager on',
  contrib: 'openai + contrib instrumentation',
  contribMp: 'openai + contrib instrumentation, MeterProvider',
  traceloop: 'openai + OpenLLMetry (content on, its default)',
} as const;
export type StackKey = keyof typeof STACKS;

/** The uninstrumented baselines: they run with the context manager off, as in an app without OTel. */
export const UNTRACED: readonly StackKey[] = ['fw', 'oa'];

/** The case of stack `k` doing `op`. */
export const caseName = (k: StackKey, op: Op) => `${STACKS[k]} · ${op}`;
/** The comparison of stack `k` with its uninstrumented baseline. */
export const overheadName = (k: StackKey, op: Op) => `${STACKS[k]} − its baseline · ${op}`;
