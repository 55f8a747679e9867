// One configuration of the memory suite, in a process of its own (`node --expose-gc`):
//   node --expose-gc --import tsx memory-child.ts <config> <replies.json> <generations>
// makes the generations one after another against the in-process transport, samples memory
// every SAMPLE_EVERY generations, and prints a MemoryFigures JSON line on stdout. Only what the
// configuration needs is loaded (the OTel SDK and an instrumentation are part of its cost).
import { readFileSync } from 'node:fs';
import type { Stack } from '../e2e/framework-stacks';
import { cannedRepliesFromJson, IN_PROCESS_BASE_URL, onNextTurn, stubFetch } from '../e2e/transport';
import { MEMORY_CONFIGS, type MemoryConfig, type MemoryFigures } from './configs';

const SAMPLE_EVERY = 500;
const MB = 1024 * 1024;

/** A BatchSpanProcessor (default settings) to an exporter that drops every batch, on AsyncLocalStorage. */
function sdk() {
  const { context } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { tracerProviderToNowhere } = require('../e2e/nowhere') as typeof import('../e2e/nowhere');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return tracerProviderToNowhere();
}

async function openaiStack(instrumented?: 'contrib' | 'traceloop') {
  const openai: typeof import('openai') = require('openai');
  const { openaiStack: client, peerOf } =
    require('../e2e/openai-stacks') as typeof import('../e2e/openai-stacks');
  const flush: (() => Promise<void>)[] = [];
  if (instrumented) {
    const tracerProvider = sdk();
    peerOf(instrumented, openai, tracerProvider).enter();
    flush.push(() => tracerProvider.forceFlush());
  }
  return { stack: client(openai, IN_PROCESS_BASE_URL, globalThis.fetch), flush };
}

async function stackFor(config: MemoryConfig): Promise<{ stack: Stack; flush: (() => Promise<void>)[] }> {
  if (config === 'openai') return openaiStack();
  if (config === 'openai + contrib') return openaiStack('contrib');
  if (config === 'openai + OpenLLMetry') return openaiStack('traceloop');
  const fw = require('../e2e/framework-stacks') as typeof import('../e2e/framework-stacks');
  await fw.loadFramework();
  if (config === 'framework') return { stack: fw.uninstrumented(IN_PROCESS_BASE_URL), flush: [] };
  const tracerProvider = sdk();
  return {
    stack: fw.withPlugin(IN_PROCESS_BASE_URL, tracerProvider),
    flush: [() => tracerProvider.forceFlush()],
  };
}

async function main() {
  const [config, repliesFile, generations] = process.argv.slice(2);
  if (!MEMORY_CONFIGS.includes(config as MemoryConfig))
    throw new Error(`memory-child: unknown configuration "${config}" (one of ${MEMORY_CONFIGS.join(', ')})`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory-child: run it with node --expose-gc');
  globalThis.fetch = onNextTurn(stubFetch(cannedRepliesFromJson(readFileSync(repliesFile, 'utf8'))));
  const { stack, flush } = await stackFor(config as MemoryConfig);
  const n = Number(generations);
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  for (let i = 0; i < n; i++) {
    await stack.chat();
    if (i % SAMPLE_EVERY === 0) sample();
  }
  sample();
  for (const f of flush) await f();
  // Two full collections, a turn apart (finalizers and weak references settle in between).
  gc();
  await new Promise((next) => setImmediate(next));
  gc();
  const after = process.memoryUsage();
  const figures: MemoryFigures = {
    // The kernel's high-water mark also catches peaks between samples.
    peakRssMB: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / MB,
    peakHeapMB: peakHeap / MB,
    rssAfterGcMB: after.rss / MB,
    heapAfterGcMB: after.heapUsed / MB,
  };
  // A use after the measurement keeps the stack (its plugin, provider, processor) reachable through it.
  if (stack === undefined) throw new Error('no stack');
  console.log(JSON.stringify(figures));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
