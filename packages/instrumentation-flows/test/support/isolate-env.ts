/** @internal Test support: clears MELLEA_*, OTEL_* and LANGFUSE_* variables and restores them. */
export function isolateEnv(): { restore(): void } {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) {
    if (k.startsWith('MELLEA_') || k.startsWith('OTEL_') || k.startsWith('LANGFUSE_')) delete process.env[k];
  }
  return {
    restore() {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    },
  };
}

/**
 * @internal Test support: {@link isolateEnv} around every test of the calling file; `cleanup`
 * runs after each test, before the environment is restored.
 */
export function useIsolatedEnv(cleanup?: () => void): void {
  let env: { restore(): void } | undefined;
  beforeEach(() => {
    env = isolateEnv();
  });
  afterEach(() => {
    cleanup?.();
    env?.restore();
  });
}
