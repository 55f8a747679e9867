// The demo's fake data: one ticket and an order lookup (the "tool" the agent calls).

/** The ticket the demo works on. */
export const TICKET = Object.freeze({
  id: 'T-1042',
  orderId: '1042',
  customer: 'Ada',
  text: 'I was charged twice for order #1042. Please refund one of the charges.',
});

/**
 * A pretend order database lookup (async, like a real one).
 * @param {string} orderId
 */
export async function lookupOrder(orderId) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { orderId, amount: 49.9, currency: 'EUR', charges: 2, status: 'paid' };
}
