import { HookBus } from '../../src/bus/hook-bus';
import { resetCallbackReportsForTests } from '../../src/lifecycle/isolate-callback';
import { type HookLogger, setHookLogger } from '../../src/logger/hook-logger';
import { GENERATION_HOOKS, type HookType } from '../../src/types/hook-types';
import type { HookHandlers, HookPlugin, PayloadOf } from '../../src/types/plugin';

/** One recorded hook event. */
export interface RecordedEvent<K extends HookType = HookType> {
  type: K;
  payload: PayloadOf<K>;
}

/** A plugin that records every event it sees, for assertions. */
export function recordingPlugin(
  name = 'recorder',
  extra: Partial<Omit<HookPlugin, 'hooks' | 'name'>> = {},
): HookPlugin & { events: RecordedEvent[]; ofType<K extends HookType>(type: K): PayloadOf<K>[] } {
  const events: RecordedEvent[] = [];
  const hooks: HookHandlers = {};
  for (const type of GENERATION_HOOKS) {
    (hooks as Record<string, unknown>)[type] = (payload: unknown) => {
      events.push({ type, payload } as RecordedEvent);
    };
  }
  return {
    name,
    ...extra,
    hooks,
    events,
    ofType<K extends HookType>(type: K) {
      return events.filter((e) => e.type === type).map((e) => e.payload as PayloadOf<K>);
    },
  };
}

/** Captures the hook logger's warnings until `restore()` (and forgets earlier callback reports). */
export function captureWarnings(): { warnings: { msg: string; rest: unknown[] }[]; restore(): void } {
  resetCallbackReportsForTests();
  const warnings: { msg: string; rest: unknown[] }[] = [];
  const logger: HookLogger = { warn: (msg, ...rest) => warnings.push({ msg, rest }) };
  setHookLogger(logger);
  return { warnings, restore: () => setHookLogger(undefined) };
}

/** Resolves after `n` microtask turns. */
/** A fresh bus with one {@link recordingPlugin} named `rec` registered (`extra`: more plugin settings). */
export function busWithRecorder(extra: Partial<Omit<HookPlugin, 'hooks' | 'name'>> = {}) {
  const bus = new HookBus();
  const rec = recordingPlugin('rec', extra);
  bus.register(rec);
  return { bus, rec };
}

/**
 * Captures warnings around every test of the enclosing `describe` (see {@link captureWarnings});
 * `warnings` are the current test's.
 */
export function useCapturedWarnings(): { readonly warnings: { msg: string; rest: unknown[] }[] } {
  let capture: ReturnType<typeof captureWarnings> | undefined;
  beforeEach(() => {
    capture = captureWarnings();
  });
  afterEach(() => capture?.restore());
  return {
    get warnings() {
      if (capture === undefined) throw new Error('useCapturedWarnings: read warnings inside a test');
      return capture.warnings;
    },
  };
}

export async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null;
}

/** How many microtask turns until `p` settles (gives up after `limit`). */
export async function ticksUntilSettled(p: Promise<unknown>, limit = 100): Promise<number> {
  let settled = false;
  p.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  let n = 0;
  while (!settled && n < limit) {
    await null;
    n++;
  }
  return n;
}

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The rejection of `p` (fails the test when `p` fulfils). */
export function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}
