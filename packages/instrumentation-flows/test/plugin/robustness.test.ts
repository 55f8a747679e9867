import { GENERATION_HOOKS, HookBus, type HookType } from '@mellea/core-hooks';
import { type Attributes, DiagLogLevel, diag, SpanStatusCode } from '@opentelemetry/api';
import fc from 'fast-check';
import { BackendTracingPlugin } from '../../src/index';
import { type Harness, setupHarness } from '../support/otel-harness';

const junk = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
const num = maybe(
  fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0)),
);
const str = maybe(fc.string());
const parts = maybe(
  fc.array(
    fc.record({ type: maybe(fc.constantFrom('text', 'tool_call')), content: str }, { requiredKeys: [] }),
  ),
);
const messages = maybe(fc.array(fc.record({ role: str, parts }, { requiredKeys: [] })));
const content = fc.oneof(
  messages,
  messages.map((m) => () => m),
  fc.constant(() => {
    throw new Error('thunk failed');
  }),
);
const usage = maybe(
  fc.record(
    {
      inputTokens: num,
      outputTokens: num,
      totalTokens: num,
      cacheReadInputTokens: num,
      cacheCreationInputTokens: num,
      reasoningOutputTokens: num,
      prompt_tokens: num,
    },
    { requiredKeys: [] },
  ),
);
const response = maybe(
  fc.record(
    { id: str, model: str, finishReasons: maybe(fc.array(str)), usage, outputMessages: content },
    { requiredKeys: [] },
  ),
);
const error = fc.oneof(
  junk,
  fc.string().map((m) => new Error(m)),
  fc.record({ name: junk, message: junk, stack: junk, code: junk }, { requiredKeys: [] }),
);

/** Payloads shaped like the real ones, with any field possibly of the wrong type, or not an object at all. */
const payload = fc.oneof(
  { weight: 1, arbitrary: junk },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        generationId: maybe(fc.constantFrom('g1', 'g2', 'g3')),
        operation: maybe(fc.constantFrom('chat', 'text_completion', 'embeddings')),
        provider: str,
        model: str,
        params: maybe(
          fc.record(
            {
              temperature: num,
              maxTokens: num,
              topK: num,
              stopSequences: maybe(fc.array(str)),
              choiceCount: num,
            },
            { requiredKeys: [] },
          ),
        ),
        stream: junk,
        outputType: str,
        server: maybe(fc.record({ address: str, port: num }, { requiredKeys: [] })),
        inProcess: junk,
        messages: content,
        systemInstructions: content,
        toolDefinitions: content,
        attributes: maybe(fc.dictionary(fc.string(), junk)),
        size: num,
        prompts: maybe(fc.array(messages)),
        response,
        responses: maybe(fc.array(response)),
        usage,
        latencyMs: num,
        timeToFirstChunkMs: num,
        chunkCount: num,
        error,
        cancelled: junk,
        source: maybe(fc.constantFrom('call', 'consumer')),
      },
      { requiredKeys: [] },
    ),
  },
);
const events = fc.array(fc.tuple(fc.constantFrom(...GENERATION_HOOKS), payload), { maxLength: 12 });

function isValidAttributeValue(v: unknown): boolean {
  const primitive = (x: unknown) =>
    typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
  if (primitive(v)) return true;
  if (!Array.isArray(v)) return false;
  // OTel's rule (`isAttributeValue`): one primitive type per array, null/undefined entries allowed.
  const present = v.filter((x) => x !== null && x !== undefined);
  if (!present.every(primitive)) return false;
  return new Set(present.map((x) => typeof x)).size <= 1;
}

function invalidAttributes(attributes: Attributes | undefined): string[] {
  return Object.entries(attributes ?? {})
    .filter(([, v]) => !isValidAttributeValue(v))
    .map(([k, v]) => `${k}=${String(v)}`);
}

describe('BackendTracingPlugin robustness', () => {
  let h: Harness;
  let internalFailures: unknown[][];
  beforeEach(() => {
    h = setupHarness({ register: false });
    internalFailures = [];
    const record = (...args: unknown[]) => {
      if (String(args[0]).includes('could not')) internalFailures.push(args);
    };
    diag.setLogger(
      { debug: record, info: record, warn: record, error: record, verbose: () => {} },
      DiagLogLevel.DEBUG,
    );
  });
  afterEach(async () => {
    diag.disable();
    await h.teardown();
  });

  it.each([
    ['content off', false],
    ['content on', true],
  ])(
    'never throws on arbitrary payloads through a strict bus and records only valid attribute values (%s)',
    (_label, captureContent) => {
      let spansSeen = 0;
      fc.assert(
        fc.property(events, (sequence) => {
          h.exporter.reset();
          const plugin = new BackendTracingPlugin({
            captureContent,
            recordGenerationId: true,
            maxContentLength: 64,
          });
          const bus = new HookBus();
          // Strict: a throwing handler would surface as a HookPhaseError from emit.
          bus.register({
            name: plugin.name,
            errorMode: 'strict',
            wantsContent: captureContent,
            hooks: plugin.hooks,
          });
          for (const [type, p] of sequence) {
            const result = bus.emit(type as HookType, p as never);
            expect(result).not.toBeInstanceOf(Promise);
            expect((result as { run<T>(fn: () => T): T }).run(() => 42)).toBe(42);
          }
          const unregister = plugin.register(bus);
          unregister();
          expect(plugin.inFlightCount).toBe(0);
          spansSeen += h.spans().length;
          for (const span of h.spans()) {
            expect(invalidAttributes(span.attributes)).toEqual([]);
            for (const event of span.events) expect(invalidAttributes(event.attributes)).toEqual([]);
            expect(['string', 'undefined']).toContain(typeof span.status.message);
            expect(span.ended).toBe(true);
          }
        }),
        { numRuns: 200 },
      );
      expect(spansSeen).toBeGreaterThan(50);
      // Malformed input is handled by the sanitizers, not by the last-resort catch.
      expect(internalFailures).toEqual([]);
    },
  );

  describe('a terminal payload whose fields throw when read', () => {
    /** `fields` as given; reading any other property throws. */
    const throwingPayload = (fields: Record<string, unknown>) =>
      new Proxy(fields, {
        get(target, key) {
          if (typeof key === 'string' && key in target) return target[key];
          throw new Error(`cannot read ${String(key)}`);
        },
      });
    const call = (type: HookType, payload: unknown) =>
      (h.plugin.hooks[type] as (p: unknown) => unknown)(payload);

    it.each([
      ['generation_pre_call', 'generation_post_call'],
      ['generation_pre_call', 'generation_error'],
      ['generation_batch_pre_call', 'generation_batch_post_call'],
      ['generation_batch_pre_call', 'generation_batch_error'],
    ] as const)('%s then %s: the span still ends, once', (pre, terminal) => {
      call(pre, { generationId: 'g1', operation: 'chat', model: 'm', size: 2 });
      expect(() => call(terminal, throwingPayload({ generationId: 'g1' }))).not.toThrow();
      expect(h.plugin.inFlightCount).toBe(0);
      expect(h.spans()).toHaveLength(1);
      expect(h.span().ended).toBe(true);
    });

    it('a failure whose response cannot be read is still recorded as an error', () => {
      call('generation_pre_call', { generationId: 'g2', operation: 'chat', model: 'm' });
      call(
        'generation_error',
        throwingPayload({
          generationId: 'g2',
          error: new RangeError('bad'),
          cancelled: false,
          source: 'call',
        }),
      );
      expect(h.span().status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad' });
      expect(h.span().attributes['error.type']).toBe('RangeError');
    });

    it('a batch whose prompts cannot be read (content on) still gets its span, ended by its terminal event', () => {
      const plugin = new BackendTracingPlugin({ captureContent: true });
      const pre = {
        generationId: 'b1',
        operation: 'text_completion',
        model: 'm',
        size: 2,
        get prompts(): never {
          throw new Error('cannot read prompts');
        },
      };
      expect(plugin.hooks.generation_batch_pre_call?.(pre as never)).toHaveProperty('around');
      expect(plugin.inFlightCount).toBe(1);
      plugin.hooks.generation_batch_post_call?.({ generationId: 'b1', responses: [], latencyMs: 1 });
      expect(plugin.inFlightCount).toBe(0);
      expect(h.span().name).toBe('text_completion m');
    });

    it('a generationId that cannot be read is ignored', () => {
      call('generation_pre_call', { generationId: 'g3', operation: 'chat' });
      expect(() => call('generation_post_call', throwingPayload({}))).not.toThrow();
      expect(h.plugin.inFlightCount).toBe(1);
    });
  });

  it('never throws when called directly with anything, including a missing payload', () => {
    const plugin = new BackendTracingPlugin({ captureContent: true });
    fc.assert(
      fc.property(fc.constantFrom(...GENERATION_HOOKS), fc.oneof(junk, payload), (type, p) => {
        const handler = plugin.hooks[type] as (x: unknown) => unknown;
        expect(() => handler(p)).not.toThrow();
        expect(() => handler(undefined)).not.toThrow();
        expect(() => handler(null)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
