import type { ContentPart } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import { bedrockErrorBodySchema, converseResponseSchema, type ConverseContentBlockWire } from './bedrock-converse-wire.js';
import { decodeBedrockUsage } from './decode-bedrock-usage.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/**
 * Decodes a Converse answer. Blocks keep their order: `reasoningContent` -> reasoning
 * (with its signature), `text` -> text, `toolUse` -> a tool call whose arguments are the
 * input re-serialized as JSON. Redacted reasoning has no canonical form and is left out;
 * so are citations, images and other block kinds. Converse answers carry no id, model
 * or timestamp: they are `''` / `0` for the caller to fill. A body that is not an answer
 * (an error body sent with status 200 included) throws `GW_UPSTREAM_ERROR`, retryable.
 */
export function decodeBedrockConverseResponse(body: unknown): ChatResponse {
  const result = converseResponseSchema.safeParse(body);
  if (!result.success) {
    const upstreamError = bedrockErrorBodySchema.safeParse(body);
    const text = upstreamError.success ? (upstreamError.data.message ?? upstreamError.data.Message) : undefined;
    if (text !== undefined) throw new GatewayError('GW_UPSTREAM_ERROR', `bedrock-converse response: upstream error: ${redactUpstreamMessage(text)}`);
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid response' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `bedrock-converse response: ${issue.path}: ${issue.message}`);
  }
  const wire = result.data;
  const content: ContentPart[] = [];
  for (const block of wire.output.message.content) {
    const part = decodeBlock(block);
    if (part) content.push(part);
  }
  const response: ChatResponse = {
    id: '',
    model: '',
    createdAt: 0,
    choices: [{ index: 0, content, finishReason: mapBedrockStopReason(wire.stopReason) }],
  };
  const usage = decodeBedrockUsage(wire.usage);
  if (usage) response.usage = usage;
  return response;
}

function decodeBlock(block: ConverseContentBlockWire): ContentPart | undefined {
  if (block.text !== undefined) return { type: 'text', text: block.text };
  if (block.toolUse) {
    const { toolUseId, name, input } = block.toolUse;
    return { type: 'tool-call', toolCallId: toolUseId, toolName: name, argumentsJson: JSON.stringify(input ?? {}) };
  }
  const reasoning = block.reasoningContent?.reasoningText;
  if (reasoning) {
    const part: ContentPart = { type: 'reasoning', text: reasoning.text };
    if (reasoning.signature !== undefined) part.signature = reasoning.signature;
    return part;
  }
  return undefined;
}
