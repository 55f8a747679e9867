/** The memory suite's configurations: ours and its baseline, the peers and theirs. */
export const MEMORY_CONFIGS = [
  'framework',
  'framework + plugin',
  'openai',
  'openai + contrib',
  'openai + OpenLLMetry',
] as const;
export type MemoryConfig = (typeof MEMORY_CONFIGS)[number];

/** What one child process measured, in MB. */
export interface MemoryFigures {
  /** The process's peak resident set (the kernel's high-water mark). */
  peakRssMB: number;
  /** The highest `heapUsed` sampled while generations were made. */
  peakHeapMB: number;
  /** After the generations, the spans flushed and two forced collections. */
  rssAfterGcMB: number;
  heapAfterGcMB: number;
}
