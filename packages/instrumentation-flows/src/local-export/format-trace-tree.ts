import { SpanStatusCode } from '@opentelemetry/api';
import { hrTimeToMs } from '../hr-time';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../semconv';
import type { TraceNode, TreeSpan } from './build-trace-tree';

const GENERATION_OPERATIONS = new Set<unknown>([
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
]);

/** Whether a `gen_ai.operation.name` value names a model call (chat, completion, content, embeddings). */
export function isGenerationOperation(operation: unknown): boolean {
  return GENERATION_OPERATIONS.has(operation);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function formatDuration(span: TreeSpan): string {
  return formatMs(hrTimeToMs(span.duration));
}

function formatStatus(span: TreeSpan): string {
  const { code, message } = span.status;
  if (code === SpanStatusCode.ERROR) return message ? `ERROR (${message})` : 'ERROR';
  return code === SpanStatusCode.OK ? 'OK' : 'UNSET';
}

function formatGeneration(span: TreeSpan): string {
  const attrs = span.attributes;
  if (!isGenerationOperation(attrs[ATTR_GEN_AI_OPERATION_NAME])) return '';
  let text = '';
  const model = attrs[ATTR_GEN_AI_RESPONSE_MODEL] ?? attrs[ATTR_GEN_AI_REQUEST_MODEL];
  if (model !== undefined) text += `  model=${String(model)}`;
  const input = attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  const output = attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  if (input !== undefined || output !== undefined) {
    text += '  tokens';
    if (input !== undefined) text += ` in=${input}`;
    if (output !== undefined) text += ` out=${output}`;
  }
  const firstChunk = attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (typeof firstChunk === 'number') text += `  first chunk ${formatMs(firstChunk * 1000)}`;
  return text;
}

/** One line of the tree: name, duration, status, and for generations model, tokens and time to first chunk. */
export function formatSpanLine(span: TreeSpan): string {
  return `${span.name}  ${formatDuration(span)}  ${formatStatus(span)}${formatGeneration(span)}`;
}

/**
 * Renders one trace as an indented tree, headed by its trace id:
 *
 * ```text
 * trace 0af7651916cd43dd8448eb211c80319c
 * invoke_workflow research  12.3 ms  UNSET
 * ├─ retrieve  2.0 ms  UNSET
 * └─ chat gpt-4o  9.8 ms  UNSET  model=gpt-4o-2024-08-06  tokens in=12 out=34
 * ```
 */
export function formatTraceTree(traceId: string, roots: readonly TraceNode<TreeSpan>[]): string {
  const lines = [`trace ${traceId}`];
  // Iterative depth-first walk (a deep trace cannot overflow the stack).
  const stack: { node: TraceNode<TreeSpan>; prefix: string; branch: string }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i], prefix: '', branch: '' });
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, prefix, branch } = item;
    lines.push(`${prefix}${branch}${formatSpanLine(node.span)}`);
    const childPrefix = prefix + (branch === '├─ ' ? '│  ' : branch === '└─ ' ? '   ' : '');
    const { children } = node;
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({
        node: children[i],
        prefix: childPrefix,
        branch: i === children.length - 1 ? '└─ ' : '├─ ',
      });
    }
  }
  return `${lines.join('\n')}\n`;
}
