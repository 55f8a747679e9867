import { ProxyTracerProvider, type TracerProvider } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { ProviderCache } from './provider-cache';

describe('ProviderCache', () => {
  it('makes the product once per provider', () => {
    const a = new BasicTracerProvider();
    let global: TracerProvider = a;
    const make = jest.fn((tp: TracerProvider) => tp.getTracer('t'));
    const cache = new ProviderCache<TracerProvider, unknown>(() => global, make);
    const first = cache.get();
    expect(cache.get()).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
    global = new BasicTracerProvider();
    expect(cache.get()).not.toBe(first);
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('resolves a proxy provider to its delegate at each call', () => {
    const proxy = new ProxyTracerProvider();
    const make = jest.fn((tp: TracerProvider) => tp);
    const cache = new ProviderCache<TracerProvider, TracerProvider>(() => proxy, make);
    const noop = cache.get();
    const real = new BasicTracerProvider();
    proxy.setDelegate(real);
    expect(cache.get()).toBe(real);
    expect(noop).not.toBe(real);
  });

  it('prefers an explicit provider and can switch back to the global one', () => {
    const global = new BasicTracerProvider();
    const explicit = new BasicTracerProvider();
    const cache = new ProviderCache<TracerProvider, TracerProvider>(
      () => global,
      (tp) => tp,
      explicit,
    );
    expect(cache.get()).toBe(explicit);
    cache.set(undefined);
    expect(cache.get()).toBe(global);
    cache.set(explicit);
    expect(cache.provider()).toBe(explicit);
  });
});
