// The loopback OTLP receiver (tools/otlp-receiver) in a process of its own, so decoding the
// payloads does not run on the event loop that makes the generations. Started per run by
// `receiver.ts`: it sends `{ url }` once listening, and answers `'tally'` with what it decoded.
import { startOtlpReceiver } from '@mellea/test-otlp-receiver';

/** What the receiver got: spans counted from the decoded payloads, bytes as received. */
export interface Tally {
  spans: number;
  bytes: number;
  /** Requests whose body could not be decoded. */
  undecoded: number;
}

async function main() {
  const receiver = await startOtlpReceiver();
  process.on('message', (m) => {
    if (m !== 'tally') return;
    const tally: Tally = {
      spans: receiver.spans().length,
      bytes: receiver.requests.reduce((sum, r) => sum + r.body.length, 0),
      undecoded: receiver.requests.filter((r) => r.decoded === undefined).length,
    };
    process.send!(tally);
  });
  process.on('disconnect', () => {
    void receiver.close().then(() => process.exit(0));
  });
  process.send!({ url: receiver.tracesUrl });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
