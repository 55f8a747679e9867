import { contentProblems, contentValues } from '../support/content-values';
import { useReceivers } from '../support/receivers';
import { QUIET_SDK, runApp } from '../support/run-app';

// Span limits set in code (NodeSDK's spanLimits), on the 2.x line this workspace
// installs; the SDK 3 integration project (integration/sdk3) runs the same app on the 3.x line.
describe('captured content under span limits set in code (NodeSDK 0.223, SDK 2)', () => {
  const receiver = useReceivers();

  it('is valid JSON within attributeValueLengthLimit on every span and span event', async () => {
    const collector = await receiver();
    const run = await runApp('node-sdk-span-limits.mjs', {
      env: { ...QUIET_SDK, APP_COLLECTOR_URL: collector.tracesUrl },
    });
    expect(run).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const values = contentValues(collector.spans());
    expect(values.map(([where]) => where).sort()).toEqual(
      [
        'chat limits-model gen_ai.input.messages',
        'chat limits-model gen_ai.output.messages',
        'chat limits-model gen_ai.system_instructions',
        'execute_tool lookup gen_ai.tool.call.arguments',
        'execute_tool lookup gen_ai.tool.call.result',
        ...[0, 1].flatMap(() => [
          'text_completion limits-model gen_ai.client.inference.operation.details gen_ai.input.messages',
          'text_completion limits-model gen_ai.client.inference.operation.details gen_ai.output.messages',
        ]),
      ].sort(),
    );
    expect(contentProblems(values, 300)).toEqual([]);
    // cut to fit, not dropped: each holds the beginning of the long text
    expect(values.every(([, v]) => (v as string).includes('say '))).toBe(true);
  });
});
