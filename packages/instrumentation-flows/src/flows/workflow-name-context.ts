import { type Context, createContextKey } from '@opentelemetry/api';

/** The name of the flow a step belongs to, on the OTel context (a versioned `Symbol.for` key). */
const WORKFLOW_NAME_KEY = createContextKey('mellea.flow.workflow-name.v1');

/** The workflow name in force on `ctx`: set by the nearest `traceWorkflow`, else the outermost agent or step. */
export function workflowNameOf(ctx: Context): string | undefined {
  const name = ctx.getValue(WORKFLOW_NAME_KEY);
  return typeof name === 'string' ? name : undefined;
}

/** `ctx` with `name` as its workflow name; when `wins` is false, only if none is set yet. */
export function withWorkflowName(ctx: Context, name: string, wins: boolean): Context {
  return wins || workflowNameOf(ctx) === undefined ? ctx.setValue(WORKFLOW_NAME_KEY, name) : ctx;
}
