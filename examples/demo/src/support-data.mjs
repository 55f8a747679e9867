// @ts-check
// The demo's fake data: one ticket, candidate replies, and the order lookup (a tool the agent calls).

/** The ticket the demo works on. */
export const TICKET = Object.freeze({
  id: 'T-1042',
  orderId: '1042',
  customer: 'Ada',
  text: 'I was charged twice for order #1042. Please refund one of the charges.',
});

/** Replies the agent scores in one batch request before it writes its own. */
export const CANDIDATE_REPLIES = Object.freeze([
  'We have refunded the duplicate charge.',
  'Please contact your bank.',
  'Your order #1042 was charged twice; one charge will be refunded within 5 business days.',
]);

/**
 * A pretend order database lookup (async, like a real one).
 * @param {string} orderId
 */
export async function lookupOrder(orderId) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { orderId, amount: 49.9, currency: 'EUR', charges: 2, status: 'paid' };
}
