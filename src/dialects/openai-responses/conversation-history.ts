import type { ChatMessage, ChatRequest } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ResponsesConversation } from './read-responses-conversation.js';

/*
 * `previous_response_id` support, as pure list operations. The gateway stores, per
 * response id it returned, the canonical conversation up to and including that answer
 * (without instructions); a continuation is that list followed by the new input.
 * Per OpenAI: "When using along with previous_response_id, the instructions from a
 * previous response will not be carried over to the next response."
 */

/** The answer as the assistant turn of the history: text, reasoning and tool calls in order. */
export function responseToAssistantMessage(response: ChatResponse): ChatMessage {
  // Responses requests cannot ask for several choices; the first is the answer.
  const content = response.choices[0]?.content ?? [];
  return { role: 'assistant', content: content.map((part) => ({ ...part })) };
}

/**
 * What to store under the returned response id: the messages the provider saw (after
 * continueConversation, so the whole history) minus this request's instructions, plus
 * the answer.
 */
export function conversationToStore(
  request: ChatRequest,
  response: ChatResponse,
  conversation: Pick<ResponsesConversation, 'hasInstructions'>,
): ChatMessage[] {
  const history = conversation.hasInstructions ? request.messages.slice(1) : request.messages;
  return joinMessages(history, [responseToAssistantMessage(response)]);
}

/**
 * The request to send for a continuation: the new instructions (if any) first, then the
 * stored history, then the new input. Consecutive assistant messages at the seam are
 * joined, as decodeResponsesRequest joins them within one input.
 */
export function continueConversation(
  previous: readonly ChatMessage[],
  request: ChatRequest,
  conversation: Pick<ResponsesConversation, 'hasInstructions'>,
): ChatRequest {
  const instructions = conversation.hasInstructions ? request.messages.slice(0, 1) : [];
  const input = conversation.hasInstructions ? request.messages.slice(1) : request.messages;
  return { ...request, messages: [...instructions, ...joinMessages(previous, input)] };
}

function joinMessages(head: readonly ChatMessage[], tail: readonly ChatMessage[]): ChatMessage[] {
  const last = head.at(-1);
  const first = tail[0];
  if (last?.role !== 'assistant' || first?.role !== 'assistant') return [...head, ...tail];
  const joined: ChatMessage = { role: 'assistant', content: [...last.content, ...first.content] };
  return [...head.slice(0, -1), joined, ...tail.slice(1)];
}
