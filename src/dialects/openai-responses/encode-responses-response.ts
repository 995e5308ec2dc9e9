import type { ContentPart } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { SurfaceResponseOptions } from '../surface.js';
import { deriveResponsesIds, type ResponsesIds } from './derive-responses-ids.js';
import { encodeResponsesEnvelope } from './encode-responses-envelope.js';
import { encodeResponsesToolCall } from './encode-responses-tool-call.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';
import { mapResponsesStatus } from './map-responses-status.js';
import type { ResponsesEcho } from './read-responses-echo.js';
import { readResponsesToolKinds, type ResponsesToolKinds } from './read-responses-tool-kinds.js';

export interface ResponsesResponseOptions extends SurfaceResponseOptions {
  /**
   * The id to answer with (`resp_` is added when missing); defaults to one derived from
   * the provider's id. The route sets it when it stores the turn for `previous_response_id`.
   */
  responseId?: string;
  /**
   * The request settings to repeat back (readResponsesEcho); OpenAI's defaults otherwise.
   * Its `tools` also decide how tool calls are written: without an echo, every call is a
   * plain `function_call`, which a client that declared `custom` or `namespace` tools
   * cannot match to its tool.
   */
  echo?: ResponsesEcho;
}

type WireItem = Record<string, unknown>;

/**
 * Canonical response -> a Response object (`object: "response"`). Output items keep the
 * canonical order: reasoning -> `reasoning` items (the text as one summary part, the
 * signature as `encrypted_content`), consecutive text -> one `message` item,
 * tool calls -> `function_call` items, or `custom_tool_call` items for the tools the
 * request declared `custom` (encodeResponsesToolCall). The SDK-only `output_text` is not added.
 */
export function encodeResponsesResponse(response: ChatResponse, options: ResponsesResponseOptions): Record<string, unknown> {
  const ids = deriveResponsesIds(options.responseId ?? response.id);
  const choice = response.choices[0];
  const outcome = mapResponsesStatus(choice?.finishReason);
  const output = encodeOutput(choice?.content ?? [], ids, readResponsesToolKinds(options.echo?.tools));
  const last = output.at(-1);
  if (outcome.status === 'incomplete' && last && 'status' in last) last.status = 'incomplete';
  return encodeResponsesEnvelope({
    id: ids.response,
    createdAt: response.createdAt,
    model: options.model,
    ...outcome,
    output,
    usage: encodeResponsesUsage(response.usage),
    ...(options.echo ? { echo: options.echo } : {}),
  });
}

function encodeOutput(parts: readonly ContentPart[], ids: ResponsesIds, kinds: ResponsesToolKinds): WireItem[] {
  const output: WireItem[] = [];
  let message: { item: WireItem; text: { text: string } } | undefined;
  for (const part of parts) {
    if (part.type === 'text') {
      if (message) message.text.text += part.text;
      else {
        const text = { type: 'output_text', annotations: [], logprobs: [], text: part.text };
        const item = { id: ids.item('msg', output.length), type: 'message', status: 'completed', role: 'assistant', content: [text] };
        message = { item, text };
        output.push(item);
      }
      continue;
    }
    if (part.type === 'reasoning') {
      output.push(encodeReasoningItem(ids.item('rs', output.length), part.text, part.signature));
    } else if (part.type === 'tool-call') {
      output.push(encodeResponsesToolCall(part, kinds, (prefix) => ids.item(prefix, output.length), 'completed'));
    } else continue;
    message = undefined;
  }
  return output;
}

/** A `reasoning` output item; shared with the stream encoder so both spell it alike. */
export function encodeReasoningItem(id: string, text: string, signature: string | undefined): WireItem {
  const item: WireItem = { id, type: 'reasoning', summary: text === '' ? [] : [{ type: 'summary_text', text }] };
  if (signature !== undefined) item.encrypted_content = signature;
  return item;
}
