import { type OtlpReceiver, startOtlpReceiver } from '@mellea/test-otlp-receiver';

/**
 * For a describe block that needs several loopback OTLP receivers: returns a function that starts
 * one, and closes every receiver it started after the block's tests (`afterAll`).
 */
export function useReceivers(): () => Promise<OtlpReceiver> {
  const receivers: OtlpReceiver[] = [];
  afterAll(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  return async () => {
    const r = await startOtlpReceiver();
    receivers.push(r);
    return r;
  };
}
