import type { ChatRequest, Sampling } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodedRequest, EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeAnthropicMessages } from './encode-anthropic-messages.js';
import { encodeAnthropicThinking } from './encode-anthropic-thinking.js';
import { encodeAnthropicTools } from './encode-anthropic-tools.js';

// With extended thinking Anthropic accepts top_p only in [0.95, 1]:
// https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
const MIN_TOP_P_WITH_THINKING = 0.95;

/**
 * Canonical request -> `POST /messages` body for one deployment. `max_tokens` is always
 * set (Anthropic requires it; see encode-anthropic-thinking.ts), `reasoningEffort`
 * becomes a `thinking` budget, a JSON response format becomes a forced tool, and
 * `user` becomes `metadata.user_id`. Passthrough fields of an `anthropic-messages`
 * request (`top_k`, `service_tier`, cache hints...) are restored verbatim, modelled
 * fields winning on a clash; another dialect's passthrough fields become warnings, as
 * does every setting Anthropic has no field for.
 */
export function encodeAnthropicRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest {
  const warnings: Warning[] = [];
  const { system, messages } = encodeAnthropicMessages(request.messages, warnings);
  const tooling = encodeAnthropicTools(request, warnings);
  const { maxTokens, thinking } = encodeAnthropicThinking(request, target, tooling.forcedBy, warnings);
  const body: Record<string, unknown> = { model: target.model, max_tokens: maxTokens };
  if (system) body.system = system;
  body.messages = messages;
  if (tooling.tools) body.tools = tooling.tools;
  if (tooling.toolChoice) body.tool_choice = tooling.toolChoice;
  if (thinking) body.thinking = thinking;
  encodeSampling(body, request.sampling, thinking !== undefined, warnings);
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.metadata && Object.keys(request.metadata).length > 0) {
    addUnsupportedWarning(warnings, 'metadata', 'Anthropic metadata carries only a user id; the key/values were not sent');
  }
  restorePassthrough(body, request, warnings);
  if (request.stream) body.stream = true;
  return { path: '/messages', body, warnings };
}

function encodeSampling(body: Record<string, unknown>, sampling: Sampling, thinking: boolean, warnings: Warning[]): void {
  if (sampling.temperature !== undefined) {
    if (thinking) addUnsupportedWarning(warnings, 'temperature', 'Anthropic does not accept a temperature with extended thinking; it was not sent');
    else body.temperature = sampling.temperature;
  }
  if (sampling.topP !== undefined) {
    if (thinking && sampling.topP < MIN_TOP_P_WITH_THINKING) {
      addUnsupportedWarning(warnings, 'top_p', `with extended thinking Anthropic accepts top_p from ${MIN_TOP_P_WITH_THINKING} to 1; it was not sent`);
    } else body.top_p = sampling.topP;
  }
  if (sampling.stop && sampling.stop.length > 0) body.stop_sequences = sampling.stop;
  if (sampling.seed !== undefined) addUnsupportedWarning(warnings, 'seed', 'Anthropic has no seed; it was not sent');
  if (sampling.presencePenalty !== undefined) addUnsupportedWarning(warnings, 'presence_penalty', 'Anthropic has no presence penalty; it was not sent');
  if (sampling.frequencyPenalty !== undefined) addUnsupportedWarning(warnings, 'frequency_penalty', 'Anthropic has no frequency penalty; it was not sent');
  if (sampling.choiceCount !== undefined && sampling.choiceCount > 1) {
    addUnsupportedWarning(warnings, 'n', `Anthropic generates one answer per request; ${sampling.choiceCount} were asked, one is returned`);
  }
}

function restorePassthrough(body: Record<string, unknown>, request: ChatRequest, warnings: Warning[]): void {
  const passthrough = request.passthrough;
  if (!passthrough) return;
  if (passthrough.dialect !== 'anthropic-messages') {
    for (const key of Object.keys(passthrough.fields)) {
      addUnsupportedWarning(warnings, key, `${passthrough.dialect} field has no anthropic-messages equivalent; it was not sent`);
    }
    return;
  }
  for (const [key, value] of Object.entries(passthrough.fields)) {
    if (key !== 'stream' && !(key in body)) body[key] = value;
  }
}
