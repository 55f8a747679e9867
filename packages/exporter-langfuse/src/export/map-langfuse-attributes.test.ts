import type { HrTime } from '@opentelemetry/api';
import fc from 'fast-check';
import { loadFixture } from '../../test/support/fixtures';
import { mapLangfuseAttributes } from './map-langfuse-attributes';

const chat = loadFixture('chat-span-attributes');
const cancelled = loadFixture('cancelled-chat-span-attributes');
const tool = loadFixture('tool-span-attributes');

const START: HrTime = [1_700_000_000, 500_000_000];

describe('mapLangfuseAttributes', () => {
  it('adds the trace-level attributes from the trace context', () => {
    const out = mapLangfuseAttributes({
      attributes: {},
      traceContext: {
        sessionId: 's1',
        userId: 'u1',
        tags: ['a', 'b'],
        traceName: 'checkout',
        metadata: { tenant: 'acme', plan: 'pro' },
      },
      environment: 'staging',
      release: 'v9',
    });
    expect(out).toEqual({
      'langfuse.session.id': 's1',
      'langfuse.user.id': 'u1',
      'langfuse.trace.tags': ['a', 'b'],
      'langfuse.trace.name': 'checkout',
      'langfuse.trace.metadata.tenant': 'acme',
      'langfuse.trace.metadata.plan': 'pro',
      'langfuse.environment': 'staging',
      'langfuse.release': 'v9',
    });
  });

  it('takes trace-level values from the span attributes when no context was captured', () => {
    const out = mapLangfuseAttributes({
      attributes: {
        'session.id': 's2',
        'user.id': 'u2',
        'tag.tags': ['x'],
        'mellea.trace.name': 'flow',
        'mellea.trace.metadata.region': 'eu',
      },
    });
    expect(out).toMatchObject({
      'langfuse.session.id': 's2',
      'langfuse.user.id': 'u2',
      'langfuse.trace.tags': ['x'],
      'langfuse.trace.name': 'flow',
      'langfuse.trace.metadata.region': 'eu',
    });
  });

  it('uses the conversation id as the session when there is no session id', () => {
    const out = mapLangfuseAttributes({ attributes: {}, traceContext: { conversationId: 'conv-1' } });
    expect(out['langfuse.session.id']).toBe('conv-1');
  });

  it('maps a chat span to a generation with prompt link, completion start and moved content', () => {
    const out = mapLangfuseAttributes({
      attributes: chat,
      startTime: START,
      scopeName: '@mellea/instrumentation-flows',
    });
    expect(out['langfuse.observation.type']).toBe('generation');
    expect(out['langfuse.observation.prompt.name']).toBe('support-answer');
    expect(out['langfuse.observation.prompt.version']).toBe(3);
    expect(out['langfuse.observation.completion_start_time']).toBe(
      new Date(1_700_000_000_500 + 250).toISOString(),
    );
    expect(JSON.parse(out['langfuse.observation.input'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a support agent.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] },
    ]);
    expect(out['langfuse.observation.output']).toBe(chat['gen_ai.output.messages']);
    for (const moved of ['gen_ai.input.messages', 'gen_ai.system_instructions', 'gen_ai.output.messages']) {
      expect(out[moved]).toBeUndefined();
    }
    expect(out['gen_ai.usage.input_tokens']).toBe(120);
    expect(out['langfuse.observation.level']).toBeUndefined();
  });

  it('marks a cancelled generation as WARNING', () => {
    expect(mapLangfuseAttributes({ attributes: cancelled })['langfuse.observation.level']).toBe('WARNING');
  });

  it('does not mark other failures or cancelled non-inference spans as WARNING', () => {
    expect(
      mapLangfuseAttributes({ attributes: { ...cancelled, 'error.type': 'RateLimitError' } })[
        'langfuse.observation.level'
      ],
    ).toBeUndefined();
    expect(
      mapLangfuseAttributes({ attributes: { ...tool, 'error.type': 'cancelled' } })[
        'langfuse.observation.level'
      ],
    ).toBeUndefined();
  });

  it('links prompts only on generations', () => {
    const out = mapLangfuseAttributes({
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.prompt.name': 'p',
        'gen_ai.prompt.version': '1',
      },
    });
    expect(out['langfuse.observation.type']).toBe('agent');
    expect(out['langfuse.observation.prompt.name']).toBeUndefined();
  });

  it('keeps a non-numeric prompt version as a string', () => {
    const out = mapLangfuseAttributes({
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.prompt.name': 'p',
        'gen_ai.prompt.version': 'v2-beta',
      },
    });
    expect(out['langfuse.observation.prompt.version']).toBe('v2-beta');
  });

  it('maps a tool span and moves its arguments and result', () => {
    const out = mapLangfuseAttributes({ attributes: tool });
    expect(out).toMatchObject({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': '{"city":"Paris"}',
      'langfuse.observation.output': '{"temperature":21}',
    });
    expect(out['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(out['gen_ai.tool.call.result']).toBeUndefined();
  });

  it('marks the app root only when told', () => {
    expect(mapLangfuseAttributes({ attributes: {}, isAppRoot: true })['langfuse.internal.is_app_root']).toBe(
      true,
    );
    expect(
      mapLangfuseAttributes({ attributes: {}, isAppRoot: false })['langfuse.internal.is_app_root'],
    ).toBeUndefined();
  });

  it('keeps langfuse.* values the span set itself', () => {
    const out = mapLangfuseAttributes({
      attributes: {
        'langfuse.session.id': 'explicit',
        'langfuse.observation.type': 'agent',
        'gen_ai.operation.name': 'chat',
      },
      traceContext: { sessionId: 'ctx' },
    });
    expect(out['langfuse.session.id']).toBe('explicit');
    expect(out['langfuse.observation.type']).toBe('agent');
  });

  it('never modifies the attributes it was given', () => {
    const attributes = { ...chat };
    mapLangfuseAttributes({ attributes, startTime: START, traceContext: { sessionId: 's' } });
    expect(attributes).toEqual(chat);
  });

  it('never throws on arbitrary attribute maps and never puts objects into attributes', () => {
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
      fc.dictionary(fc.string(), fc.string()),
      fc.json(),
    );
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'gen_ai.operation.name',
        'gen_ai.input.messages',
        'gen_ai.system_instructions',
        'gen_ai.output.messages',
        'gen_ai.tool.call.arguments',
        'gen_ai.response.time_to_first_chunk',
        'gen_ai.prompt.name',
        'gen_ai.prompt.version',
        'error.type',
        'session.id',
        'tag.tags',
        'mellea.trace.metadata.k',
      ),
    );
    const hrTime = fc.tuple(fc.integer(), fc.integer()) as fc.Arbitrary<HrTime>;
    fc.assert(
      fc.property(
        fc.dictionary(key, value),
        fc.option(hrTime, { nil: undefined }),
        (attributes, startTime) => {
          const out = mapLangfuseAttributes({ attributes, startTime, scopeName: '@mellea/x' });
          for (const v of Object.values(out)) {
            const ok =
              ['string', 'number', 'boolean'].includes(typeof v) ||
              (Array.isArray(v) &&
                v.every((item) => item === null || item === undefined || typeof item !== 'object'));
            expect(ok).toBe(true);
          }
        },
      ),
    );
  });
});
