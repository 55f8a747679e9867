import type { DecodedSpan } from '@mellea/test-otlp-receiver';
import type { SeenSpan } from './child/seam-protocol';
import { runSeam, type SeamRun } from './support/seam';
import { TRACE_CONTEXT } from './support/support-workflow';

// @langfuse/otel's own LangfuseSpanProcessor (v5) with its default export filter, instead of ours.
// That filter keeps a span only when its scope is Langfuse's or a listed LLM instrumentation's
// (`@mellea/instrumentation-flows` is not listed) or when it has a `gen_ai.*` attribute: a step
// span used to carry none, so it was dropped and the spans under it lost their parent. Steps now
// carry `gen_ai.workflow.name`, and the whole tree arrives without a filter of the user's.

let seam: SeamRun;
let received: DecodedSpan[];
let others: SeenSpan[];
const FOREIGN_ROOT = 'GET /tickets/:id';

beforeAll(async () => {
  seam = await runSeam({ processor: 'langfuse-otel', foreignRoot: true });
  others = seam.result.spans;
  received = seam.langfuse.spans();
});
afterAll(async () => {
  await seam?.langfuse.close();
});

it("passes @langfuse/otel's default filter with every span of ours, and not with the foreign HTTP span", () => {
  expect(seam.result.answer).toBe('resolved as billing');
  const verdicts = others.map((s) => [s.name, s.langfuseDefaultExport]);
  for (const [name, kept] of verdicts) expect([name, kept]).toEqual([name, name !== FOREIGN_ROOT]);
  const steps = others.filter((s) => s.attributes['mellea.step.name'] !== undefined);
  expect(steps.map((s) => s.name)).toEqual(['draft']);
  expect(steps[0].attributes['gen_ai.workflow.name']).toBe('support');
});

it('gets the whole tree of ours to Langfuse, each span under its own parent', () => {
  const expected = others.filter((s) => s.name !== FOREIGN_ROOT);
  expect(received.map((s) => s.spanId).sort()).toEqual(expected.map((s) => s.spanId).sort());
  const foreign = others.find((s) => s.name === FOREIGN_ROOT)!;
  const ids = new Set(received.map((s) => s.spanId));
  for (const span of received) {
    const parentKnown = span.parentSpanId !== undefined && ids.has(span.parentSpanId);
    expect([span.name, parentKnown || span.parentSpanId === foreign.spanId]).toEqual([span.name, true]);
  }
  const workflow = received.find((s) => s.name === 'invoke_workflow support')!;
  expect(workflow.parentSpanId).toBe(foreign.spanId);
  expect(workflow.attributes['langfuse.internal.is_app_root']).toBe(true);
  expect(received.filter((s) => s.attributes['langfuse.internal.is_app_root'] === true)).toHaveLength(1);
});

it("arrives through @langfuse/otel's own exporter, with the session and user Langfuse reads natively on every span", () => {
  expect(seam.langfuse.requests.length).toBeGreaterThan(0);
  for (const request of seam.langfuse.requests) {
    expect(request.path).toBe('/api/public/otel/v1/traces');
    expect(request.headers['x-langfuse-sdk-name']).toBe('javascript');
  }
  for (const span of received) {
    expect(span.attributes).toMatchObject({
      'session.id': TRACE_CONTEXT.sessionId,
      'user.id': TRACE_CONTEXT.userId,
      'tag.tags': TRACE_CONTEXT.tags,
    });
  }
});
