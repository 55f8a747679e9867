import { trace } from '@opentelemetry/api';
import { hasGlobalTracerProvider, resolveProvider } from './resolve-provider';
import { MissingSdkPackageError, type OtelSdk } from './sdk/otel-sdk';

describe('resolveProvider without the SDK', () => {
  afterEach(() => trace.disable());

  it('builds nothing and says so once when the application has no OTel SDK', () => {
    const told: unknown[] = [];
    let processorsMade = 0;
    const resolved = resolveProvider({
      spanProcessors: () => {
        processorsMade++;
        return [];
      },
      onMissingSdk: (missing) => told.push(missing),
      findSdk: () => undefined,
    });
    expect(resolved.owned).toBe(false);
    expect(told).toEqual([undefined]);
    expect(processorsMade).toBe(0);
    expect(hasGlobalTracerProvider()).toBe(false);
    expect(resolved.provider.getTracer('t').startSpan('s').isRecording()).toBe(false);
  });

  it('hands over the missing package and the SDK found when the SDK lacks one', () => {
    const error = new MissingSdkPackageError('@opentelemetry/resources');
    const sdk = {
      line: 3,
      source: '@opentelemetry/sdk-trace 3.1.1',
      load: () => {
        throw error;
      },
    } as unknown as OtelSdk;
    const told: unknown[] = [];
    const resolved = resolveProvider({
      spanProcessors: () => [],
      onMissingSdk: (missing) => told.push(missing),
      findSdk: () => sdk,
    });
    expect(resolved.owned).toBe(false);
    expect(told).toEqual([{ error, sdk }]);
    expect(hasGlobalTracerProvider()).toBe(false);
  });
});
