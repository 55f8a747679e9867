import fc from 'fast-check';
import type { GenerationRequest } from '../types/payloads';
import {
  BATCH_FIELDS,
  batchPreCallPayload,
  generationPreCallPayload,
  REQUEST_FIELDS,
} from './pre-call-payload';

/** Own enumerable entries without those whose value is `undefined`, sorted by key. */
function definedEntries(o: object): [string, unknown][] {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

describe('pre-call payloads', () => {
  it('carry the generation id and every declared field of the request, by reference', () => {
    const params = { temperature: 0.2 };
    const messages = () => [{ role: 'user' as const, parts: [] }];
    const attributes = { 'mellea.component.type': 'Instruction' };
    const request: GenerationRequest = {
      operation: 'chat',
      provider: 'openai',
      model: 'm',
      params,
      messages,
      attributes,
      stream: false,
      server: { address: 'h', port: 1 },
    };
    const payload = generationPreCallPayload('g-1', request);
    expect(payload.generationId).toBe('g-1');
    expect(payload.params).toBe(params);
    expect(payload.messages).toBe(messages);
    expect(payload.attributes).toBe(attributes);
    expect(payload.stream).toBe(false);
    expect(definedEntries(payload)).toEqual(definedEntries({ generationId: 'g-1', ...request }));
  });

  it('have the declared fields the request lacks as undefined, and leave the request unchanged', () => {
    const request = Object.freeze({ operation: 'embeddings' as const });
    const payload = generationPreCallPayload('g-2', request);
    expect(Object.keys(payload).sort()).toEqual(['generationId', ...REQUEST_FIELDS].sort());
    expect(payload.model).toBeUndefined();
    expect(request).toEqual({ operation: 'embeddings' });
  });

  it('do not carry fields GenerationRequest does not declare (framework data goes in attributes)', () => {
    const request = {
      operation: 'chat',
      'mellea.extra': 1,
      generationId: 'framework-id',
    } as GenerationRequest;
    const payload = generationPreCallPayload('g-3', request) as unknown as Record<string, unknown>;
    expect(payload['mellea.extra']).toBeUndefined();
    expect(payload.generationId).toBe('g-3');
  });

  it('never take a prototype from the request', () => {
    const request = JSON.parse('{"operation":"chat","__proto__":{"polluted":true}}');
    const payload = generationPreCallPayload('g-4', request) as unknown as Record<string, unknown>;
    expect(payload.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it('carry size and prompts for batches', () => {
    const prompts = [[{ role: 'user' as const, parts: [] }]];
    const request = { operation: 'text_completion' as const, size: 1, prompts };
    const payload = batchPreCallPayload('b-1', request);
    expect(payload.size).toBe(1);
    expect(payload.prompts).toBe(prompts);
    expect(definedEntries(payload)).toEqual(definedEntries({ generationId: 'b-1', ...request }));
    expect(Object.keys(payload).sort()).toEqual(['generationId', ...REQUEST_FIELDS, ...BATCH_FIELDS].sort());
  });

  it('hold what { generationId, ...request } holds for every declared field (any request)', () => {
    const fieldsOf = (keys: readonly string[]) =>
      fc.record(
        Object.fromEntries(keys.map((k) => [k, fc.anything()])) as Record<string, fc.Arbitrary<unknown>>,
        {
          requiredKeys: [],
        },
      );
    fc.assert(
      fc.property(
        fieldsOf(REQUEST_FIELDS),
        fieldsOf(BATCH_FIELDS),
        fc.boolean(),
        (fields, batchFields, batch) => {
          const request = (batch ? { ...fields, ...batchFields } : fields) as unknown as GenerationRequest;
          const payload = (batch ? batchPreCallPayload : generationPreCallPayload)('id', request);
          expect(definedEntries(payload)).toEqual(definedEntries({ generationId: 'id', ...request }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
