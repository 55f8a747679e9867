import { useIsolatedEnv } from '../../test/support/isolate-env';
import {
  isContentCaptureEnabled,
  isOtelTrue,
  isTracingEnabled,
  setContentCaptureOverride,
} from './env-flags';

useIsolatedEnv(() => setContentCaptureOverride(undefined));

describe('OTEL_* booleans', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', false],
    ['yes', false],
    ['on', false],
    [undefined, false],
  ])('%s is %s', (value, expected) => {
    expect(isOtelTrue(value)).toBe(expected);
  });
});

describe('isTracingEnabled', () => {
  it('is MELLEA_TRACES_ENABLED truthy, unless OTEL_SDK_DISABLED is true', () => {
    expect(isTracingEnabled()).toBe(false);
    process.env.MELLEA_TRACES_ENABLED = 'Yes';
    expect(isTracingEnabled()).toBe(true);
    process.env.OTEL_SDK_DISABLED = 'false';
    expect(isTracingEnabled()).toBe(true);
    process.env.OTEL_SDK_DISABLED = 'TRUE';
    expect(isTracingEnabled()).toBe(false);
    delete process.env.OTEL_SDK_DISABLED;
    process.env.MELLEA_TRACES_ENABLED = 'off';
    expect(isTracingEnabled()).toBe(false);
  });
});

describe('isContentCaptureEnabled', () => {
  it('is off by default', () => {
    expect(isContentCaptureEnabled()).toBe(false);
  });

  it.each([
    ['MELLEA_TRACES_CONTENT', 'on', true],
    ['MELLEA_TRACES_CONTENT', '0', false],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'true', true],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'SPAN_ONLY', true],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'span_and_event', true],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'NO_CONTENT', false],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', '1', false],
  ])('%s=%s: %s', (name, value, expected) => {
    process.env[name] = value;
    expect(isContentCaptureEnabled()).toBe(expected);
  });

  it('the choice made in code wins over the environment, both ways', () => {
    process.env.MELLEA_TRACES_CONTENT = '1';
    setContentCaptureOverride(false);
    expect(isContentCaptureEnabled()).toBe(false);
    delete process.env.MELLEA_TRACES_CONTENT;
    setContentCaptureOverride(true);
    expect(isContentCaptureEnabled()).toBe(true);
    setContentCaptureOverride(undefined);
    expect(isContentCaptureEnabled()).toBe(false);
  });
});
