import type { Attributes } from '@opentelemetry/api';
import { ATTR_MELLEA_STEP_NAME } from '../semconv';
import { runInSpan } from './run-in-span';

/**
 * Runs `fn` inside a span named `name` (kind INTERNAL, `mellea.step.name`, the active trace
 * context; no `gen_ai.operation.name`): a graph node or a pipeline stage. Sync, async and
 * async-iterable `fn`, nesting and errors behave as in {@link traceWorkflow}.
 *
 * @example
 * ```ts
 * await traceStep('retrieve', async () => {
 *   const docs = await retrieve(query);
 *   recordEdge('retrieve', 'answer');
 *   return docs;
 * });
 * ```
 */
export function traceStep<T>(name: string, fn: () => T, attrs?: Attributes): T {
  return runInSpan(
    { name, contextAttributes: 'flow', attributes: { [ATTR_MELLEA_STEP_NAME]: name }, userAttributes: attrs },
    fn,
  );
}
