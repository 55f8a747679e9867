import { runGeneration } from '@mellea/core-hooks';
import { traceAgent, traceTool, traceWorkflow, withTraceContext } from '../../src/index';
import { CHAT_REQUEST } from '../plugin/support/generations';
import { type Harness, setupHarness } from '../plugin/support/otel-harness';
import { useSemconvOptIn } from '../support/semconv-opt-in';

const chat = (h: Harness, provider = 'openai') =>
  runGeneration(
    { ...CHAT_REQUEST, provider },
    async () => 'ok',
    () => ({}),
    { bus: h.bus },
  );
const attrsOf = (h: Harness, name: string) => h.span(name).attributes;

describe('agent, workflow and tool span attributes the registries ask for', () => {
  let h: Harness;
  const setOptIn = useSemconvOptIn();
  afterEach(() => h.teardown());

  describe.each(['v1.41', 'gen_ai_latest_experimental'])('%s', (mode) => {
    beforeEach(() => {
      setOptIn(mode === 'v1.41' ? undefined : mode);
      h = setupHarness();
    });

    it("takes an agent's gen_ai.provider.name from its attributes, at start", async () => {
      await traceAgent('a', async () => 'done', { 'gen_ai.provider.name': 'anthropic' });
      expect(attrsOf(h, 'invoke_agent a')['gen_ai.provider.name']).toBe('anthropic');
    });

    it('else from the first generation inside it, for the agent and every enclosing agent without one', async () => {
      await traceAgent('outer', () =>
        traceAgent('inner', async () => {
          await chat(h, 'ollama');
          await chat(h, 'openai');
        }),
      );
      expect(attrsOf(h, 'invoke_agent inner')['gen_ai.provider.name']).toBe('ollama');
      expect(attrsOf(h, 'invoke_agent outer')['gen_ai.provider.name']).toBe('ollama');
    });

    it("else from the enclosing agent's, at start", async () => {
      await traceAgent('outer', () => traceAgent('inner', async () => 'x'), {
        'gen_ai.provider.name': 'openai',
      });
      expect(attrsOf(h, 'invoke_agent inner')['gen_ai.provider.name']).toBe('openai');
    });

    it('leaves it out when nothing tells it (no provider is made up)', async () => {
      await traceAgent('idle', async () => 'x');
      expect(attrsOf(h, 'invoke_agent idle')).not.toHaveProperty('gen_ai.provider.name');
    });

    it('does not touch an agent span that has ended', async () => {
      let later: Promise<unknown> = Promise.resolve();
      await traceAgent('quick', async () => {
        later = new Promise((r) => setTimeout(r, 5)).then(() => chat(h));
      });
      await later;
      expect(attrsOf(h, 'invoke_agent quick')).not.toHaveProperty('gen_ai.provider.name');
    });
  });

  it('v1.41: workflow and tool spans carry no gen_ai.conversation.id, tools no agent name (DESIGN §3)', async () => {
    setOptIn(undefined);
    h = setupHarness();
    await withTraceContext({ conversationId: 'c-1' }, () =>
      traceWorkflow('w', () => traceAgent('a', () => traceTool('t', async () => 1))),
    );
    expect(attrsOf(h, 'invoke_workflow w')).not.toHaveProperty('gen_ai.conversation.id');
    expect(attrsOf(h, 'execute_tool t')).not.toHaveProperty('gen_ai.conversation.id');
    expect(attrsOf(h, 'execute_tool t')).not.toHaveProperty('gen_ai.agent.name');
    expect(attrsOf(h, 'invoke_agent a')['gen_ai.conversation.id']).toBe('c-1');
  });

  it('latest: workflow and tool spans carry gen_ai.conversation.id, a tool its agent name', async () => {
    setOptIn('gen_ai_latest_experimental');
    h = setupHarness();
    await withTraceContext({ sessionId: 's-1' }, () =>
      traceWorkflow('w', async () => {
        await traceAgent('a', () => traceTool('t', async () => 1));
        await traceTool('loose', async () => 2);
        await traceAgent('b', () =>
          traceTool('named', async () => 3, { attributes: { 'gen_ai.agent.name': 'mine' } }),
        );
      }),
    );
    expect(attrsOf(h, 'invoke_workflow w')['gen_ai.conversation.id']).toBe('s-1');
    expect(attrsOf(h, 'execute_tool t')).toMatchObject({
      'gen_ai.conversation.id': 's-1',
      'gen_ai.agent.name': 'a',
    });
    expect(attrsOf(h, 'execute_tool loose')).not.toHaveProperty('gen_ai.agent.name');
    expect(attrsOf(h, 'execute_tool named')['gen_ai.agent.name']).toBe('mine');
  });
});
