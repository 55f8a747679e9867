import { DiagLogLevel, diag } from '@opentelemetry/api';
import { createSetupWarner, resetSetupWarningsForTests } from './setup-warnings';

describe('setup warnings', () => {
  let stderr: jest.SpyInstance;
  const diagWarnings: string[] = [];
  beforeEach(() => {
    resetSetupWarningsForTests();
    diagWarnings.length = 0;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    diag.setLogger(
      {
        error() {},
        warn: (...args: unknown[]) => diagWarnings.push(args.join(' ')),
        info() {},
        debug() {},
        verbose() {},
      },
      DiagLogLevel.WARN,
    );
  });
  afterEach(() => {
    stderr.mockRestore();
    diag.disable();
  });

  it('on the env path: once per key to stderr and to the diag logger', () => {
    const warner = createSetupWarner(true);
    warner.warnOnce('k', 'first');
    warner.warnOnce('k', 'again');
    createSetupWarner(true).warnOnce('k', 'from another set-up');
    warner.warnOnce('other', 'second');
    expect(stderr.mock.calls.map((c) => c[0])).toEqual([
      '[@mellea/instrumentation-flows] first\n',
      '[@mellea/instrumentation-flows] second\n',
    ]);
    expect(diagWarnings).toEqual([
      '@mellea/instrumentation-flows first',
      '@mellea/instrumentation-flows second',
    ]);
  });

  it('in code: to the diag logger only', () => {
    createSetupWarner(false).warnOnce('k', 'quiet');
    expect(stderr).not.toHaveBeenCalled();
    expect(diagWarnings).toEqual(['@mellea/instrumentation-flows quiet']);
  });

  it('never throws, even when stderr does', () => {
    stderr.mockImplementation(() => {
      throw new Error('EPIPE');
    });
    expect(() => createSetupWarner(true).warnOnce('k', 'x')).not.toThrow();
  });
});
