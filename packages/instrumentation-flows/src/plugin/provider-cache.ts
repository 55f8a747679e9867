/**
 * Resolves a provider (explicit, else the global one) to its real implementation and keeps the
 * product of the last one (a Tracer, the metric instruments), so the hot path pays an identity
 * check, never a `getTracer`. A proxy provider (the API's global `ProxyTracerProvider`, or a
 * proxy handed over by NodeSDK) is resolved through `getDelegate()` at each call, so a provider
 * registered later takes over from the next span on.
 */
export class ProviderCache<P extends object, T> {
  private explicit: P | undefined;
  private lastProvider: P | undefined;
  private lastValue: T | undefined;

  constructor(
    private readonly global: () => P,
    private readonly make: (provider: P) => T,
    explicit?: P,
  ) {
    this.explicit = explicit;
  }

  /** Uses `provider` from the next call on (`undefined`: back to the global provider). */
  set(provider: P | undefined): void {
    this.explicit = provider;
  }

  /** The product for the provider in effect now. */
  get(): T {
    const provider = this.provider();
    if (provider === this.lastProvider) return this.lastValue as T;
    const value = this.make(provider);
    this.lastProvider = provider;
    this.lastValue = value;
    return value;
  }

  /** The provider in effect now, resolved like {@link get}. */
  provider(): P {
    const provider = this.explicit ?? this.global();
    const getDelegate = (provider as { getDelegate?: () => P }).getDelegate;
    return typeof getDelegate === 'function' ? getDelegate.call(provider) : provider;
  }
}
