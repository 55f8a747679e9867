import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { PACKAGE_ROOT } from './support/app-dir';

/**
 * Loads the built CommonJS package into a fresh V8 context shaped like a runtime without
 * `node:diagnostics_channel` (an edge runtime, a browser bundle): no `process`, no
 * `module.require`, and a `require` that has every other builtin the package uses but throws
 * for `node:diagnostics_channel`.
 */
function loadWithoutDiagnosticsChannel(): { exports: Record<string, any>; asked: string[] } {
  const sandbox = vm.createContext({ console, performance, setTimeout, clearTimeout, queueMicrotask });
  const cache = new Map<string, { exports: unknown }>();
  const asked: string[] = [];
  const load = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(readFileSync(file, 'utf8'));
      return module.exports;
    }
    const dir = path.dirname(file);
    const localRequire = (id: string): unknown => {
      if (id.startsWith('.')) return load(require.resolve(path.join(dir, id)));
      asked.push(id);
      if (id === 'node:diagnostics_channel') throw new Error(`Cannot find module '${id}'`);
      return require(id);
    };
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
      sandbox,
    );
    wrapper(module.exports, localRequire, module, file, dir);
    return module.exports;
  };
  return { exports: load(path.join(PACKAGE_ROOT, 'dist', 'index.js')) as Record<string, any>, asked };
}

test('without diagnostics_channel (no process, no module.require): the package loads, nothing is published, calls run as before', async () => {
  const { exports: core, asked } = loadWithoutDiagnosticsChannel();
  expect(asked).not.toContain('node:diagnostics_channel');
  expect(core.GENERATION_CHANNEL).toBe('mellea:generation');
  const result = { text: 'hi' };
  await expect(
    core.runGeneration(
      { operation: 'chat' },
      async () => result,
      () => ({}),
    ),
  ).resolves.toBe(result);
  const boom = new Error('down');
  await expect(
    core.runGeneration(
      { operation: 'chat' },
      () => Promise.reject(boom),
      () => ({}),
    ),
  ).rejects.toBe(boom);
  // With a plugin, the traced path runs too, without a channel to publish on.
  const bus = new core.HookBus();
  const seen: string[] = [];
  bus.register({ name: 'p', hooks: { generation_post_call: () => void seen.push('post') } });
  async function* chunks() {
    yield 'a';
  }
  const stream = await core.runGenerationStream(
    { operation: 'chat' },
    chunks,
    { onChunk() {}, response: () => ({}) },
    { bus },
  );
  for await (const _ of stream) {
    // drain
  }
  expect(seen).toEqual(['post']);
});
