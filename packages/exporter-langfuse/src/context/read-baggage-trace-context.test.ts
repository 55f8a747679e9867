import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { withBaggageTraceContext } from './read-baggage-trace-context';

const incoming = propagation.setBaggage(
  ROOT_CONTEXT,
  propagation.createBaggage({ 'session.id': { value: 'sess-b' }, 'user.id': { value: 'user-b' } }),
);

test('a local key present but undefined does not hide the baggage value (a local value wins key by key)', () => {
  expect(withBaggageTraceContext(incoming, { sessionId: undefined, userId: 'local' })).toEqual({
    sessionId: 'sess-b',
    userId: 'local',
  });
});
