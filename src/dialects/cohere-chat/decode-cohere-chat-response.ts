import type { ContentPart } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import { cohereChatResponseSchema, cohereErrorBodySchema, type CohereChatResponseWire } from './cohere-chat-wire.js';
import { decodeCohereUsage } from './decode-cohere-usage.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

/**
 * Decodes a complete `/v2/chat` answer. Content comes out as reasoning (`thinking`
 * items, then the `tool_plan` Cohere writes before calling tools: its own chain-of-thought
 * "reflection and plan", not answer text), then text, then tool calls. Cohere names no
 * model and no creation time in its answer: they are `''` and `0` for the caller to
 * fill. A body that is not an answer (an error message sent with status 200 included)
 * throws a retryable `GW_UPSTREAM_ERROR`.
 */
export function decodeCohereChatResponse(body: unknown): ChatResponse {
  const result = cohereChatResponseSchema.safeParse(body);
  if (!result.success) {
    const upstream = cohereErrorBodySchema.safeParse(body);
    if (upstream.success && upstream.data.message) {
      throw new GatewayError('GW_UPSTREAM_ERROR', `cohere-chat response: upstream error: ${redactUpstreamMessage(upstream.data.message)}`);
    }
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid response' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `cohere-chat response: ${issue.path}: ${issue.message}`);
  }
  const wire = result.data;
  const response: ChatResponse = {
    id: wire.id ?? '',
    model: '',
    createdAt: 0,
    choices: [{ index: 0, content: decodeContent(wire.message), finishReason: mapCohereFinishReason(wire.finish_reason) }],
  };
  const usage = decodeCohereUsage(wire.usage);
  if (usage) response.usage = usage;
  return response;
}

function decodeContent(message: CohereChatResponseWire['message']): ContentPart[] {
  let thinking = '';
  let text = '';
  for (const item of message.content ?? []) {
    if (item.type === 'thinking' && item.thinking) thinking += item.thinking;
    else if (item.type === 'text' && item.text) text += item.text;
  }
  const content: ContentPart[] = [];
  if (thinking !== '') content.push({ type: 'reasoning', text: thinking });
  if (message.tool_plan) content.push({ type: 'reasoning', text: message.tool_plan });
  if (text !== '') content.push({ type: 'text', text });
  (message.tool_calls ?? []).forEach((call, position) => {
    content.push({
      type: 'tool-call',
      // Cohere always sends an id; a deterministic stand-in keeps tool results linkable otherwise.
      toolCallId: call.id ?? `call_${position}`,
      toolName: call.function?.name ?? '',
      argumentsJson: call.function?.arguments ?? '',
    });
  });
  return content;
}
