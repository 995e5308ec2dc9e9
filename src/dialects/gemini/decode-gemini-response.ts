import type { ChatChoice, ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import { decodeGeminiCreateTime } from './decode-gemini-create-time.js';
import { decodeGeminiParts } from './decode-gemini-parts.js';
import { decodeGeminiUsage } from './decode-gemini-usage.js';
import { geminiResponseSchema, type GeminiCandidateWire, type GeminiResponseWire } from './gemini-wire.js';
import { mapGeminiBlockReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { readGoogleErrorBody } from './read-google-error-body.js';

/**
 * Decodes a `GenerateContentResponse`. `responseId` and `modelVersion` become id and
 * model (`''` for the caller to fill when absent); Vertex's `createTime` becomes
 * `createdAt`, else 0. A prompt blocked before generation (`promptFeedback.blockReason`,
 * no candidates) is one empty choice finished by `content-filter`. A body that is not a
 * response (including an error envelope sent with 200) throws the retryable
 * `GW_UPSTREAM_ERROR`. https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
 */
export function decodeGeminiResponse(body: unknown): ChatResponse {
  const upstreamError = readGoogleErrorBody(body);
  if (upstreamError) {
    const message = redactUpstreamMessage(upstreamError.message ?? upstreamError.status ?? 'unknown error');
    throw new GatewayError('GW_UPSTREAM_ERROR', `gemini response: upstream error: ${message}`);
  }
  const result = geminiResponseSchema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid response' };
    throw new GatewayError('GW_UPSTREAM_ERROR', `gemini response: ${issue.path}: ${issue.message}`);
  }
  const wire = result.data;
  const response: ChatResponse = {
    id: wire.responseId ?? '',
    model: wire.modelVersion ?? '',
    createdAt: decodeGeminiCreateTime(wire.createTime),
    choices: decodeChoices(wire),
  };
  const usage = decodeGeminiUsage(wire.usageMetadata);
  if (usage) response.usage = usage;
  return response;
}

function decodeChoices(wire: GeminiResponseWire): ChatChoice[] {
  const candidates = wire.candidates ?? [];
  if (candidates.length > 0) return candidates.map(decodeCandidate);
  const blockReason = wire.promptFeedback?.blockReason;
  return [{ index: 0, content: [], finishReason: blockReason ? mapGeminiBlockReason(blockReason) : { unified: 'other' } }];
}

function decodeCandidate(candidate: GeminiCandidateWire, position: number): ChatChoice {
  const index = candidate.index ?? position;
  const content = decodeGeminiParts(candidate.content?.parts ?? [], index, { next: 0 });
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  return { index, content, finishReason: mapGeminiFinishReason(candidate.finishReason, hasToolCalls) };
}
