import { logWarn } from '../logger/hook-logger';

/** Reports a failing plugin once per (plugin, hook) through the hook logger. */
export class FailureReporter {
  private readonly reported = new Set<string>();

  warnOnce(plugin: string, hook: string, error: unknown): void {
    const key = `${plugin}\u0000${hook}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    logWarn(
      `[@mellea/core-hooks] plugin "${plugin}" failed in ${hook}; it is skipped (further failures of this plugin in ${hook} are not reported):`,
      error,
    );
  }

  /** Forgets what was reported for `plugin` (it was replaced or removed). */
  forget(plugin: string): void {
    const prefix = `${plugin}\u0000`;
    for (const key of this.reported) if (key.startsWith(prefix)) this.reported.delete(key);
  }
}
