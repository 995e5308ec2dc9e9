import type { ContentPart } from '../../core/chat-request.js';
import type { ChatChoice, ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIUsage } from './decode-openai-usage.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { finishWithTools, mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { readOpenAIContentChunks } from './read-openai-content-chunks.js';
import { readOpenAIErrorBody } from './read-openai-error-body.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import { openAIChatResponseSchema, type OpenAIChatResponseWire } from './openai-chat-wire.js';

type WireChoice = OpenAIChatResponseWire['choices'][number];

/**
 * Decodes a `chat.completion` body from an upstream. `reasoning_content` (DeepSeek and
 * other compatible servers) or `reasoning` (vLLM, Groq, OpenRouter) becomes a reasoning
 * part before the text, as do Mistral's `thinking` content chunks; a `refusal`
 * becomes text, so the caller reads why the model declined. Missing identity fields
 * become `''` / `0` for the caller to fill. A body that is not a completion (including an
 * error envelope sent with status 200) throws `GW_UPSTREAM_ERROR`, which is retryable:
 * another target may answer properly.
 */
export function decodeOpenAIChatResponse(body: unknown): ChatResponse {
  const result = openAIChatResponseSchema.safeParse(body);
  if (!result.success) {
    const upstreamError = readOpenAIErrorBody(body);
    if (upstreamError) {
      const message = redactUpstreamMessage(upstreamError.message ?? upstreamError.code ?? 'unknown error');
      throw new GatewayError('GW_UPSTREAM_ERROR', `openai-chat response: upstream error: ${message}`);
    }
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid response' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `openai-chat response: ${issue.path}: ${issue.message}`);
  }
  const wire = result.data;
  const response: ChatResponse = {
    id: wire.id ?? '',
    model: wire.model ?? '',
    createdAt: wire.created ?? 0,
    choices: wire.choices.map(decodeChoice),
  };
  const usage = decodeOpenAIUsage(wire.usage);
  if (usage) response.usage = usage;
  if (wire.system_fingerprint) response.systemFingerprint = wire.system_fingerprint;
  return response;
}

function decodeChoice(choice: WireChoice, position: number): ChatChoice {
  const message = choice.message;
  const content: ContentPart[] = [];
  // vLLM (newer releases), Groq and OpenRouter name the field `reasoning`; when a server
  // sends both spellings they carry the same text, so one is read.
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  for (const run of readOpenAIContentChunks(message.content)) {
    const previous = content.at(-1);
    if ((previous?.type === 'text' || previous?.type === 'reasoning') && previous.type === run.kind) previous.text += run.text;
    else content.push({ type: run.kind, text: run.text });
  }
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      argumentsJson: call.function.arguments ?? '',
    });
  }
  return { index: choice.index ?? position, content, finishReason: finishWithTools(mapOpenAIFinishReason(choice.finish_reason), content.some((part) => part.type === 'tool-call')) };
}
