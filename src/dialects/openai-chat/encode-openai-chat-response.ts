import type { ChatChoice, ChatResponse } from '../../core/chat-response.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { toOpenAIFinishReason } from './map-openai-finish-reason.js';

/**
 * Canonical response -> OpenAI `chat.completion` object, as the official SDKs read it.
 * `content` is null when the answer holds only tool calls; reasoning goes out as
 * `reasoning_content` (the DeepSeek convention) only when there is some; `usage` holds
 * only the counts that are known and is omitted when none are.
 */
export function encodeOpenAIChatResponse(response: ChatResponse): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: response.id,
    object: 'chat.completion',
    created: response.createdAt,
    model: response.model,
    choices: response.choices.map(encodeChoice),
  };
  const usage = encodeOpenAIUsage(response.usage);
  if (usage) body.usage = usage;
  if (response.systemFingerprint !== undefined) body.system_fingerprint = response.systemFingerprint;
  return body;
}

function encodeChoice(choice: ChatChoice): Record<string, unknown> {
  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: Record<string, unknown>[] = [];
  for (const part of choice.content) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else if (part.type === 'reasoning') reasoning = (reasoning ?? '') + part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.argumentsJson } });
    }
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text ?? (toolCalls.length > 0 ? null : ''),
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  return { index: choice.index, message, logprobs: null, finish_reason: toOpenAIFinishReason(choice.finishReason) };
}
