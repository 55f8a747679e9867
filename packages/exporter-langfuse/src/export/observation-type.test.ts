import { observationTypeOf } from './observation-type';

describe('observationTypeOf', () => {
  it.each([
    ['chat', 'generation'],
    ['text_completion', 'generation'],
    ['generate_content', 'generation'],
    ['embeddings', 'embedding'],
    ['invoke_agent', 'agent'],
    ['create_agent', 'agent'],
    ['execute_tool', 'tool'],
    ['invoke_workflow', 'span'],
    ['retrieval', 'span'],
  ])('maps gen_ai.operation.name %s to %s', (operation, type) => {
    expect(observationTypeOf({ 'gen_ai.operation.name': operation }, 'any')).toBe(type);
  });

  it("gives this project's spans without an operation (steps) the type span", () => {
    expect(observationTypeOf({ 'mellea.step.name': 'plan' }, '@mellea/instrumentation-flows')).toBe('span');
  });

  it("leaves other instrumentations' spans without an operation to Langfuse's own mapping", () => {
    expect(
      observationTypeOf({ 'openinference.span.kind': 'LLM' }, 'openinference.instrumentation'),
    ).toBeUndefined();
    expect(observationTypeOf({}, 'ai')).toBeUndefined();
  });
});
