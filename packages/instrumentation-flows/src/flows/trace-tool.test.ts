import { setContentCaptureOverride } from '../config/env-flags';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
} from '../semconv';
import { setupTracingTestEnv, type TracingTestEnv } from '../test-support/tracing-test-env';
import { traceTool } from './trace-tool';

let env: TracingTestEnv;
beforeEach(() => {
  env = setupTracingTestEnv();
});
afterEach(async () => {
  setContentCaptureOverride(undefined);
  delete process.env.MELLEA_TRACES_CONTENT;
  delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  await env.close();
});

const args = { city: 'Paris', days: 2 };

it('records the tool name, call id and type', () => {
  traceTool('get_weather', () => 'sunny', {
    callId: 'call_1',
    type: 'function',
    attributes: { tier: 'free' },
  });
  expect(env.span('execute_tool get_weather').attributes).toEqual({
    [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
    [ATTR_GEN_AI_TOOL_NAME]: 'get_weather',
    [ATTR_GEN_AI_TOOL_CALL_ID]: 'call_1',
    [ATTR_GEN_AI_TOOL_TYPE]: 'function',
    tier: 'free',
  });
});

it('records no arguments or result while content capture is off (the default)', async () => {
  await traceTool('get_weather', async () => ({ temp: 21 }), { arguments: args });
  const { attributes } = env.span('execute_tool get_weather');
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBeUndefined();
});

it('records arguments and the awaited result as JSON strings when content capture is on in code', async () => {
  setContentCaptureOverride(true);
  await traceTool('get_weather', async () => ({ temp: 21 }), { arguments: args });
  const { attributes } = env.span('execute_tool get_weather');
  expect(JSON.parse(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] as string)).toEqual(args);
  expect(JSON.parse(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] as string)).toEqual({ temp: 21 });
});

it.each([
  ['MELLEA_TRACES_CONTENT', 'yes'],
  ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'SPAN_ONLY'],
])('records content when %s=%s', (name, value) => {
  process.env[name] = value;
  traceTool('lookup', () => 'plain text result', { arguments: '{"q":"otel"}' });
  const { attributes } = env.span('execute_tool lookup');
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBe('{"q":"otel"}');
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBe('plain text result');
});

it('records a circular result without its cycle, and still returns it', () => {
  setContentCaptureOverride(true);
  const circular: Record<string, unknown> = { ok: true };
  circular.self = circular;
  expect(traceTool('loop', () => circular)).toBe(circular);
  expect(
    JSON.parse(env.span('execute_tool loop').attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] as string),
  ).toEqual({
    ok: true,
  });
});

it('records no result for a failed call', async () => {
  setContentCaptureOverride(true);
  await expect(
    traceTool('boom', async () => Promise.reject(new Error('down')), { arguments: args }),
  ).rejects.toThrow('down');
  const { attributes } = env.span('execute_tool boom');
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBe(JSON.stringify(args));
  expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBeUndefined();
});

it('bounds recorded content as generation content: each string at 8192, JSON text at 32 768, as valid JSON', () => {
  setContentCaptureOverride(true);
  const huge = { rows: 'x'.repeat(100_000) };
  traceTool('dump', () => huge, { arguments: 'a"'.repeat(40_000) });
  const { attributes } = env.span('execute_tool dump');
  const result = JSON.parse(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] as string) as { rows: string };
  expect(result.rows).toBe('x'.repeat(8192));
  const args = attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] as string;
  expect(args.length).toBeLessThanOrEqual(32_768);
  const keptArgs = JSON.parse(args) as string; // text given as it is: a JSON string of its beginning
  expect(keptArgs.length).toBeGreaterThan(16_000); // every '"' takes two characters escaped
  expect('a"'.repeat(40_000).startsWith(keptArgs)).toBe(true);
});

it('keeps recorded content within OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, as valid JSON', () => {
  setContentCaptureOverride(true);
  process.env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT = '50';
  try {
    traceTool('small', () => ({ text: 'y'.repeat(200) }));
  } finally {
    delete process.env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT;
  }
  const result = env.span('execute_tool small').attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] as string;
  expect(result.length).toBeLessThanOrEqual(50);
  expect(JSON.parse(result)).toEqual({ text: expect.stringMatching(/^y{16,}$/) }); // strings cut, still JSON
});
