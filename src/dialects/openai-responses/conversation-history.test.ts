import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import { continueConversation, conversationToStore, responseToAssistantMessage } from './conversation-history.js';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { readResponsesConversation } from './read-responses-conversation.js';

const text = (value: string) => ({ type: 'text' as const, text: value });

const firstAnswer: ChatResponse = {
  id: 'chatcmpl-1',
  model: 'm',
  createdAt: 1,
  choices: [
    {
      index: 0,
      content: [
        { type: 'reasoning', text: 'think', signature: 'sig' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls' },
    },
  ],
};

describe('readResponsesConversation', () => {
  it('defaults store to true, as OpenAI does, and reads the previous response id and instructions', () => {
    expect(readResponsesConversation({ model: 'm', input: 'hi' })).toEqual({ store: true, hasInstructions: false });
    expect(readResponsesConversation({ store: false, previous_response_id: 'resp_1', instructions: 'x' })).toEqual({
      store: false,
      previousResponseId: 'resp_1',
      hasInstructions: true,
    });
    expect(readResponsesConversation({ store: null, previous_response_id: null })).toEqual({ store: true, hasInstructions: false });
  });

  it.each([
    [{ previous_response_id: 3 }, 'previous_response_id'],
    [{ previous_response_id: '' }, 'previous_response_id'],
    [{ store: 'yes' }, 'store'],
  ])('refuses %j naming %s', (body, param) => {
    let caught: unknown;
    try {
      readResponsesConversation(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).param).toBe(param);
  });
});

describe('conversation history', () => {
  it('turns the answer into the assistant turn, copying its parts', () => {
    const message = responseToAssistantMessage(firstAnswer);
    expect(message).toEqual({ role: 'assistant', content: firstAnswer.choices[0]!.content });
    expect(message.content[0]).not.toBe(firstAnswer.choices[0]!.content[0]);
    expect(responseToAssistantMessage({ ...firstAnswer, choices: [] })).toEqual({ role: 'assistant', content: [] });
  });

  it('stores a turn without its instructions and continues it under the new instructions only', () => {
    const firstBody = { model: 'm', instructions: 'Old rules.', input: [{ role: 'developer', content: 'Sandbox: on.' }, { role: 'user', content: 'Weather?' }] };
    const first = decodeResponsesRequest(firstBody).request;
    const stored = conversationToStore(first, firstAnswer, readResponsesConversation(firstBody));
    expect(stored).toEqual<ChatMessage[]>([
      { role: 'system', content: [text('Sandbox: on.')] },
      { role: 'user', content: [text('Weather?')] },
      responseToAssistantMessage(firstAnswer),
    ]);

    const secondBody = {
      model: 'm',
      instructions: 'New rules.',
      previous_response_id: 'resp_chatcmpl-1',
      input: [{ type: 'function_call_output', call_id: 'call_1', output: 'sunny' }],
    };
    const second = decodeResponsesRequest(secondBody).request;
    const continued = continueConversation(stored, second, readResponsesConversation(secondBody));
    expect(continued.messages).toEqual<ChatMessage[]>([
      { role: 'system', content: [text('New rules.')] },
      ...stored,
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: 'sunny' }] },
    ]);
    expect(continued.model).toBe('m');
    expect(second.messages).toHaveLength(2);
  });

  it('keeps a new developer message after the history when there are no instructions, and joins assistant turns at the seam', () => {
    const previous: ChatMessage[] = [{ role: 'user', content: [text('hi')] }, { role: 'assistant', content: [text('Hello.')] }];
    const body = {
      model: 'm',
      previous_response_id: 'resp_1',
      input: [
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: 'ok' },
        { role: 'developer', content: 'Be terse.' },
      ],
    };
    const continued = continueConversation(previous, decodeResponsesRequest(body).request, readResponsesConversation(body));
    expect(continued.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'system']);
    expect(continued.messages[1]?.content).toEqual([text('Hello.'), { type: 'tool-call', toolCallId: 'c', toolName: 'f', argumentsJson: '{}' }]);
    expect(previous[1]?.content).toHaveLength(1);
  });
});
