// @ts-check
// Prints what the OTLP receiver decoded: each trace as a tree with its key GenAI attributes.
import { traceTrees } from './span-tree.mjs';

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/**
 * The few attributes worth a glance, as `key=value` strings.
 * @param {import('./span-tree.mjs').DecodedSpan} span
 * @param {import('./span-tree.mjs').DecodedSpan | undefined} parent
 * @returns {string[]}
 */
function highlights(span, parent) {
  const a = span.attributes;
  const out = [];
  if (a['gen_ai.provider.name']) out.push(`provider=${a['gen_ai.provider.name']}`);
  if (a['gen_ai.response.id']) out.push(`response.id=${a['gen_ai.response.id']}`);
  if (a['gen_ai.usage.input_tokens'] !== undefined) {
    const cached = a['gen_ai.usage.cache_read.input_tokens'];
    const reasoning = a['gen_ai.usage.reasoning.output_tokens'];
    let usage = `tokens in=${a['gen_ai.usage.input_tokens']}`;
    if (cached) usage += ` (cached ${cached})`;
    if (a['gen_ai.usage.output_tokens'] !== undefined) usage += ` out=${a['gen_ai.usage.output_tokens']}`;
    if (reasoning) usage += ` (reasoning ${reasoning})`;
    out.push(usage);
  }
  if (a['gen_ai.response.finish_reasons'])
    out.push(`finish=${JSON.stringify(a['gen_ai.response.finish_reasons'])}`);
  if (a['gen_ai.response.time_to_first_chunk'] !== undefined) {
    out.push(`ttfc=${Number(a['gen_ai.response.time_to_first_chunk']).toFixed(3)}s`);
  }
  if (a['mellea.request.num_actions'] !== undefined) out.push(`batch=${a['mellea.request.num_actions']}`);
  for (const [key, label] of [
    ['gen_ai.input.messages', 'input'],
    ['gen_ai.output.messages', 'output'],
  ]) {
    const text = lastText(a[key]);
    if (text !== undefined)
      out.push(`${label}=${JSON.stringify(text.length > 48 ? `${text.slice(0, 47)}…` : text)}`);
  }
  if (a['gen_ai.tool.call.id']) out.push(`call.id=${a['gen_ai.tool.call.id']}`);
  if (a['error.type']) out.push(`error.type=${a['error.type']}`);
  const edges = span.events.filter((e) => e.name === 'edge_traversal');
  if (edges.length) {
    out.push(
      `edges: ${edges.map((e) => `${e.attributes['mellea.edge.from']}→${e.attributes['mellea.edge.to']}`).join(' ')}`,
    );
  }
  // The trace context where it starts (the spans below carry it too).
  if (a['session.id'] !== undefined && parent?.attributes['session.id'] === undefined) {
    for (const k of ['session.id', 'user.id', 'tag.tags'])
      if (a[k] !== undefined) out.push(`${k}=${JSON.stringify(a[k])}`);
  }
  return out;
}

/**
 * The text of the last message in a captured `gen_ai.*.messages` attribute (a JSON string).
 * @param {unknown} json
 * @returns {string | undefined}
 */
function lastText(json) {
  if (typeof json !== 'string') return undefined;
  try {
    const parts = JSON.parse(json).at(-1)?.parts ?? [];
    return parts
      .filter((/** @type {{ type?: string }} */ p) => p.type === 'text')
      .map((/** @type {{ content?: unknown }} */ p) => p.content)
      .join(' ');
  } catch {
    return undefined;
  }
}

/**
 * Writes the receiver's view of the run.
 * @param {import('./span-tree.mjs').DecodedSpan[]} spans
 * @param {{ tracesUrl: string, requests: { contentType: string }[] }} receiver
 * @param {(line: string) => void} print
 */
export function printSummary(spans, receiver, print) {
  const traces = traceTrees(spans);
  const types = [...new Set(receiver.requests.map((r) => r.contentType))].join(', ');
  print(`The OTLP receiver at ${receiver.tracesUrl} decoded ${spans.length} spans`);
  print(`in ${traces.size} trace(s), from ${receiver.requests.length} export request(s) (${types}):`);
  for (const [traceId, roots] of traces) {
    const all = spans.filter((s) => s.traceId === traceId);
    print('');
    print(`trace ${traceId}  service.name=${all[0].resource['service.name']}  ${all.length} spans`);
    /** @type {(node: import('./span-tree.mjs').SpanNode, depth: number, parent: import('./span-tree.mjs').DecodedSpan | undefined) => void} */
    const walk = (node, depth, parent) => {
      const { span } = node;
      const status =
        span.status.code === 2 ? `  ERROR${span.status.message ? ` "${span.status.message}"` : ''}` : '';
      const head = `${'  '.repeat(depth + 1)}${span.name} [${KINDS[span.kind] ?? span.kind}]${status}`;
      const extra = highlights(span, parent);
      print(extra.length ? `${head}  ${extra.join('  ')}` : head);
      for (const child of node.children) walk(child, depth + 1, span);
    };
    for (const root of roots) walk(root, 0, undefined);
  }
}
