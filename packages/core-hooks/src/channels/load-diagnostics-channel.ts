/** The part of a `node:diagnostics_channel` channel the helpers use. */
export interface ChannelLike {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
  /** Node >= 19.9: publishes, then runs `fn` with the stores bound to the channel entered. */
  runStores?<T>(message: unknown, fn: () => T): T;
}

interface DiagnosticsChannelModule {
  channel(name: string): ChannelLike;
}

type NodeProcess = { getBuiltinModule?(id: string): unknown };

const MODULE_ID = 'node:diagnostics_channel';

function isModule(m: unknown): m is DiagnosticsChannelModule {
  return typeof (m as { channel?: unknown } | null)?.channel === 'function';
}

/**
 * `node:diagnostics_channel`, or `undefined` where it does not exist (browsers, some edge
 * runtimes). `process.getBuiltinModule` where there is one (Node >= 20.16, Deno, Bun), else
 * `module.require`: neither is a static `require`/`import` a bundler would try to resolve for a
 * browser build. Never throws.
 */
export function loadDiagnosticsChannel(): DiagnosticsChannelModule | undefined {
  try {
    const proc = (globalThis as { process?: NodeProcess }).process;
    const builtin = proc?.getBuiltinModule?.(MODULE_ID);
    if (isModule(builtin)) return builtin;
    const req = typeof module === 'object' ? module?.require : undefined;
    const required = typeof req === 'function' ? req.call(module, MODULE_ID) : undefined;
    return isModule(required) ? required : undefined;
  } catch {
    return undefined;
  }
}
