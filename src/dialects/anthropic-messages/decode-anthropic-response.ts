import type { ContentPart } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import { anthropicContentBlockSchemas, anthropicMessageSchema, type AnthropicBlockType } from './anthropic-messages-wire.js';
import { decodeAnthropicUsage } from './decode-anthropic-usage.js';
import { readAnthropicErrorBody } from './decode-anthropic-error.js';
import { JSON_RESPONSE_TOOL_NAME } from './json-response-tool.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

/**
 * Decodes a `message` body from Anthropic. Blocks become parts in order: `text`,
 * `tool_use` (arguments serialized from `input`), `thinking` (with its signature) and
 * `redacted_thinking` (see redacted-thinking-signature.ts). A call of the JSON response
 * tool is the answer text, and its `tool_use` stop is a plain stop. Block kinds the
 * canonical model has no part for (server tools, their results) are skipped. Anthropic
 * reports no creation time: `createdAt` is 0 for the caller to fill. A body that is not
 * a message (an error envelope sent with status 200 included) throws the retryable
 * `GW_UPSTREAM_ERROR`.
 */
export function decodeAnthropicResponse(body: unknown): ChatResponse {
  const result = anthropicMessageSchema.safeParse(body);
  if (!result.success) {
    const upstreamError = readAnthropicErrorBody(body);
    if (upstreamError) {
      const text = redactUpstreamMessage(upstreamError.message ?? upstreamError.type ?? 'unknown error');
      throw new GatewayError('GW_UPSTREAM_ERROR', `anthropic-messages response: upstream error: ${text}`);
    }
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid response' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `anthropic-messages response: ${issue.path}: ${issue.message}`);
  }
  const wire = result.data;
  const content: ContentPart[] = [];
  let answeredInJson = false;
  wire.content.forEach((block, index) => {
    const part = decodeBlock(block, index);
    if (!part) return;
    if (part.type === 'text' && block.type === 'tool_use') answeredInJson = true;
    content.push(part);
  });
  const response: ChatResponse = {
    id: wire.id ?? '',
    model: wire.model ?? '',
    createdAt: 0,
    choices: [{ index: 0, content, finishReason: decodeFinishReason(wire.stop_reason, answeredInJson, content) }],
  };
  const usage = decodeAnthropicUsage(wire.usage);
  if (usage) response.usage = usage;
  return response;
}

function decodeBlock(block: { type: string }, index: number): ContentPart | undefined {
  if (!Object.hasOwn(anthropicContentBlockSchemas, block.type)) return undefined;
  const type = block.type as AnthropicBlockType;
  const parsed = anthropicContentBlockSchemas[type].safeParse(block);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const issue = first ? formatWireIssue(first, ['content', index]) : { path: `content[${index}]`, message: 'invalid block' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `anthropic-messages response: ${issue.path}: ${issue.message}`);
  }
  const data = parsed.data;
  switch (data.type) {
    case 'text':
      return data.text === '' ? undefined : { type: 'text', text: data.text };
    case 'tool_use': {
      const argumentsJson = JSON.stringify(data.input ?? {});
      if (data.name === JSON_RESPONSE_TOOL_NAME) return { type: 'text', text: argumentsJson };
      return { type: 'tool-call', toolCallId: data.id, toolName: data.name, argumentsJson };
    }
    case 'thinking':
      return data.signature ? { type: 'reasoning', text: data.thinking, signature: data.signature } : { type: 'reasoning', text: data.thinking };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', signature: redactedThinkingSignature(data.data) };
  }
}

function decodeFinishReason(raw: string | null | undefined, answeredInJson: boolean, content: readonly ContentPart[]): FinishReason {
  const reason = mapAnthropicStopReason(raw);
  const calledTools = content.some((part) => part.type === 'tool-call');
  return reason.unified === 'tool-calls' && answeredInJson && !calledTools ? { unified: 'stop', raw: reason.raw } : reason;
}
