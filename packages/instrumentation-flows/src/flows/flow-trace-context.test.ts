import { setupTracingTestEnv, type TracingTestEnv } from '../../test/support/tracing-test-env';
import { withTraceContext } from '../context/trace-context';
import { traceAgent } from './trace-agent';
import { traceStep } from './trace-step';
import { traceTool } from './trace-tool';
import { traceWorkflow } from './trace-workflow';

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  await env.close();
});

const flowAttributes = {
  'session.id': 'sess-9',
  'user.id': 'user-9',
  'tag.tags': ['support', 'vip'],
  'mellea.trace.name': 'ticket',
  'mellea.trace.metadata.region': 'eu',
  'mellea.trace.metadata.plan': 'pro',
};

async function run(): Promise<void> {
  await withTraceContext(
    { sessionId: 'sess-9', tags: ['support'], traceName: 'ticket', metadata: { region: 'eu' } },
    () =>
      traceWorkflow('ticket', () =>
        withTraceContext({ userId: 'user-9', tags: ['vip'], metadata: { plan: 'pro' } }, async () => {
          await traceAgent('helper', async () => {
            await traceTool('lookup', async () => 'found');
            traceStep('format', () => undefined);
          });
        }),
      ),
  );
}

it('puts session, user, tags, trace name and metadata on workflow, tool and step spans, without gen_ai.conversation.id', async () => {
  await run();
  expect(env.span('execute_tool lookup').attributes).toMatchObject(flowAttributes);
  expect(env.span('format').attributes).toMatchObject(flowAttributes);
  for (const name of ['execute_tool lookup', 'format', 'invoke_workflow ticket']) {
    expect(env.span(name).attributes['gen_ai.conversation.id']).toBeUndefined();
  }
  // the workflow started before the inner context: it has the outer one only
  expect(env.span('invoke_workflow ticket').attributes).toMatchObject({
    'session.id': 'sess-9',
    'tag.tags': ['support'],
    'mellea.trace.name': 'ticket',
    'mellea.trace.metadata.region': 'eu',
  });
  expect(env.span('invoke_workflow ticket').attributes['user.id']).toBeUndefined();
});

it('puts gen_ai.conversation.id (the session without a conversationId) on invoke_agent spans', async () => {
  await run();
  expect(env.span('invoke_agent helper').attributes).toMatchObject({
    ...flowAttributes,
    'gen_ai.conversation.id': 'sess-9',
  });
});

it('prefers the conversationId for gen_ai.conversation.id', () => {
  withTraceContext({ sessionId: 's', conversationId: 'conv-7' }, () => traceAgent('a', () => undefined));
  expect(env.span('invoke_agent a').attributes['gen_ai.conversation.id']).toBe('conv-7');
});
