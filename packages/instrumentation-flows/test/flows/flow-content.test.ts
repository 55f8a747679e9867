import { HookBus } from '@mellea/core-hooks';
import {
  BackendTracingPlugin,
  traceAgent,
  traceStep,
  traceTool,
  traceWorkflow,
} from '@mellea/instrumentation-flows';
import { setContentCaptureOverride } from '../../src/config/env-flags';
import { setupTracingTestEnv, type TracingTestEnv } from '../../src/test-support/tracing-test-env';
import { loadFixture } from '../plugin/support/load-fixture';

const secrets = loadFixture<Record<string, string>>('secrets');
const key = secrets.openai;

let env: TracingTestEnv;
let unregister: (() => void) | undefined;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  unregister?.();
  unregister = undefined;
  setContentCaptureOverride(undefined);
  await env.close();
});

/** Registers a plugin (on its own bus) whose content settings the flows then follow. */
function registerPlugin(options: ConstructorParameters<typeof BackendTracingPlugin>[0]): void {
  unregister = new BackendTracingPlugin({ metrics: false, ...options }).register(new HookBus());
}

/** Runs one of each flow span with the API key in its input and result. */
async function runAllWithSecret(): Promise<void> {
  await traceWorkflow(
    'support',
    async () => {
      await traceAgent('triage', async () => `use ${key}`, undefined, { input: `key ${key}` });
      await traceStep('lookup', () => ({ token: key }), undefined, { input: { token: key } });
      await traceTool('call_api', async () => ({ echoed: key }), { arguments: `{"api_key":"${key}"}` });
      return { answer: `done with ${key}` };
    },
    undefined,
    { input: { question: 'why?', apiKey: key } },
  );
}

const CONTENT_KEYS = [
  ['invoke_workflow support', 'mellea.flow.input', 'mellea.flow.output'],
  ['invoke_agent triage', 'gen_ai.input.messages', 'gen_ai.output.messages'],
  ['lookup', 'mellea.flow.input', 'mellea.flow.output'],
  ['execute_tool call_api', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'],
] as const;

describe('flow and tool content', () => {
  it('records nothing while content capture is off (the default)', async () => {
    await runAllWithSecret();
    for (const [span, input, output] of CONTENT_KEYS) {
      expect(env.span(span).attributes[input]).toBeUndefined();
      expect(env.span(span).attributes[output]).toBeUndefined();
    }
    expect(JSON.stringify(env.spans().map((s) => s.attributes))).not.toContain(key);
  });

  it('records input and output as valid JSON with the API key masked when capture is on', async () => {
    setContentCaptureOverride(true);
    await runAllWithSecret();
    for (const [span, input, output] of CONTENT_KEYS) {
      const attributes = env.span(span).attributes;
      for (const name of [input, output]) {
        expect(typeof attributes[name]).toBe('string');
        expect(() => JSON.parse(attributes[name] as string)).not.toThrow();
        expect(attributes[name]).not.toContain(key);
        expect(attributes[name]).toContain('sk-[REDACTED]');
      }
    }
    const workflow = env.span('invoke_workflow support').attributes;
    expect(JSON.parse(workflow['mellea.flow.input'] as string)).toEqual({
      question: 'why?',
      apiKey: 'sk-[REDACTED]',
    });
    expect(JSON.parse(workflow['mellea.flow.output'] as string)).toEqual({
      answer: 'done with sk-[REDACTED]',
    });
    expect(
      JSON.parse(env.span('execute_tool call_api').attributes['gen_ai.tool.call.arguments'] as string),
    ).toEqual({ api_key: 'sk-[REDACTED]' });
  });

  it('records an agent input and result as semconv messages', async () => {
    setContentCaptureOverride(true);
    await traceAgent('triage', async () => 'route to billing', undefined, {
      input: 'my card was charged twice',
    });
    const messages = [
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' },
    ];
    traceAgent('echo', () => messages.slice(1), undefined, { input: messages.slice(0, 1) });
    traceAgent('counter', () => ({ count: 2 }), undefined, { input: { items: [1, 2] } });
    const triage = env.span('invoke_agent triage').attributes;
    expect(JSON.parse(triage['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'my card was charged twice' }] },
    ]);
    expect(JSON.parse(triage['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'route to billing' }], finish_reason: 'stop' },
    ]);
    const echo = env.span('invoke_agent echo').attributes;
    expect(JSON.parse(echo['gen_ai.input.messages'] as string)).toEqual(messages.slice(0, 1));
    expect(JSON.parse(echo['gen_ai.output.messages'] as string)).toEqual(messages.slice(1));
    const counter = env.span('invoke_agent counter').attributes;
    expect(JSON.parse(counter['gen_ai.input.messages'] as string)[0].parts[0].content).toBe(
      '{"items":[1,2]}',
    );
    expect(JSON.parse(counter['gen_ai.output.messages'] as string)[0].parts[0].content).toBe('{"count":2}');
  });

  it('records no output for a void flow, a failed flow, or an async-iterable result (its input still)', async () => {
    setContentCaptureOverride(true);
    traceStep('void', () => undefined, undefined, { input: 'x' });
    await expect(
      traceWorkflow('fails', async () => Promise.reject(new Error('down')), undefined, { input: 'q' }),
    ).rejects.toThrow('down');
    const items: number[] = [];
    for await (const item of traceWorkflow(
      'stream',
      async function* () {
        yield 1;
        yield 2;
      },
      undefined,
      { input: 'count' },
    )) {
      items.push(item);
    }
    expect(items).toEqual([1, 2]);
    for (const name of ['void', 'invoke_workflow fails', 'invoke_workflow stream']) {
      expect(env.span(name).attributes['mellea.flow.output']).toBeUndefined();
      expect(env.span(name).attributes['mellea.flow.input']).toBeDefined();
    }
    expect(env.span('invoke_workflow stream').attributes['mellea.flow.input']).toBe('"count"');
  });

  it('records a null result as JSON null, and nothing for an input not given', () => {
    setContentCaptureOverride(true);
    traceWorkflow('nothing', () => null);
    const attributes = env.span('invoke_workflow nothing').attributes;
    expect(attributes['mellea.flow.output']).toBe('null');
    expect(attributes['mellea.flow.input']).toBeUndefined();
  });

  it("cuts strings at the registered plugin's maxContentLength, as generation content", () => {
    registerPlugin({ captureContent: true, maxContentLength: 20 });
    traceStep('long', () => 'y'.repeat(500), undefined, { input: { text: 'x'.repeat(500) } });
    const attributes = env.span('long').attributes;
    expect(JSON.parse(attributes['mellea.flow.input'] as string)).toEqual({ text: 'x'.repeat(20) });
    expect(JSON.parse(attributes['mellea.flow.output'] as string)).toBe('y'.repeat(20));
  });
});

describe("the registered plugin's redactor and switch", () => {
  it('keeps the key with redact: false, for tools and flows as for generations', async () => {
    registerPlugin({ captureContent: true, redact: false });
    await runAllWithSecret();
    for (const [span, input, output] of CONTENT_KEYS) {
      expect(env.span(span).attributes[input]).toContain(key);
      expect(env.span(span).attributes[output]).toContain(key);
    }
  });

  it('applies a custom redactor to every string of tools and flows', async () => {
    registerPlugin({ captureContent: true, redact: (text) => text.replaceAll(key, '<key>') });
    await runAllWithSecret();
    for (const [span, input, output] of CONTENT_KEYS) {
      expect(env.span(span).attributes[input]).toContain('<key>');
      expect(env.span(span).attributes[output]).toContain('<key>');
      expect(env.span(span).attributes[input]).not.toContain(key);
    }
  });

  it("follows the plugin's captureContent: false even when capture is on in code", async () => {
    setContentCaptureOverride(true);
    registerPlugin({ captureContent: false });
    await runAllWithSecret();
    for (const [span, input, output] of CONTENT_KEYS) {
      expect(env.span(span).attributes[input]).toBeUndefined();
      expect(env.span(span).attributes[output]).toBeUndefined();
    }
  });

  it('goes back to the defaults once the plugin is unregistered, and the latest plugin wins', () => {
    registerPlugin({ captureContent: true, redact: false });
    const second = new BackendTracingPlugin({ metrics: false, captureContent: true, redact: () => 'masked' });
    const unregisterSecond = second.register(new HookBus());
    traceStep('second', () => key);
    unregisterSecond();
    traceStep('first', () => key);
    unregister?.();
    unregister = undefined;
    traceStep('none', () => key); // capture off by default
    expect(env.span('second').attributes['mellea.flow.output']).toBe('"masked"');
    expect(env.span('first').attributes['mellea.flow.output']).toBe(JSON.stringify(key));
    expect(env.span('none').attributes['mellea.flow.output']).toBeUndefined();
  });
});

describe('gen_ai.workflow.name on steps', () => {
  it('names the nearest workflow, else the outermost agent or step, else the step itself', async () => {
    traceStep('alone', () => undefined);
    traceStep('outer', () => traceStep('inner', () => undefined));
    traceAgent('planner', () => traceStep('plan', () => undefined));
    await traceWorkflow('outer_wf', async () => {
      await traceAgent('helper', async () => traceStep('in_agent', () => undefined));
      await traceWorkflow('inner_wf', async () => traceStep('in_inner', () => undefined));
      traceStep('after', () => undefined);
    });
    const workflowOf = (name: string): unknown => env.span(name).attributes['gen_ai.workflow.name'];
    expect(workflowOf('alone')).toBe('alone');
    expect(workflowOf('outer')).toBe('outer');
    expect(workflowOf('inner')).toBe('outer');
    expect(workflowOf('plan')).toBe('planner');
    expect(workflowOf('in_agent')).toBe('outer_wf');
    expect(workflowOf('in_inner')).toBe('inner_wf');
    expect(workflowOf('after')).toBe('outer_wf');
    // only steps take it: agents and tools keep their own identity
    expect(env.span('invoke_agent helper').attributes['gen_ai.workflow.name']).toBeUndefined();
  });
});
