// @ts-check
// Chat messages to and from the GenAI semantic-convention message schema (role + parts).
// Only called when a tracing plugin records content: the framework passes these as thunks.

/**
 * @typedef {{ role: 'system' | 'user' | 'assistant', content: string }} ChatMessage
 */

/**
 * @param {readonly ChatMessage[]} messages
 * @returns {import('@mellea/core-hooks').InputMessage[]}
 */
export function toInputMessages(messages) {
  return messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }));
}

/**
 * @param {string} text
 * @param {string | undefined} finishReason
 * @returns {import('@mellea/core-hooks').OutputMessage}
 */
export function toOutputMessage(text, finishReason) {
  return {
    role: 'assistant',
    parts: [{ type: 'text', content: text }],
    finish_reason: finishReason ?? 'stop',
  };
}
