import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import type { Usage } from '../../core/usage.js';
import type { SurfaceStreamEncoder, SurfaceStreamOptions } from '../surface.js';
import { deriveResponsesIds, type ResponsesIds, type ResponsesItemPrefix } from './derive-responses-ids.js';
import { encodeResponsesEnvelope, type ResponsesEnvelopeInput } from './encode-responses-envelope.js';
import { encodeReasoningItem } from './encode-responses-response.js';
import { encodeResponsesToolCall } from './encode-responses-tool-call.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';
import { mapResponsesStatus } from './map-responses-status.js';
import type { ResponsesEcho } from './read-responses-echo.js';
import { readResponsesToolKinds } from './read-responses-tool-kinds.js';

export interface ResponsesStreamOptions extends SurfaceStreamOptions {
  /** The id to answer with (see ResponsesResponseOptions.responseId). */
  responseId?: string;
  /**
   * The request settings to repeat back in every `response` object; its `tools` also
   * decide which calls are `custom_tool_call` items (see ResponsesResponseOptions.echo).
   */
  echo?: ResponsesEcho;
}

type WireItem = Record<string, unknown>;
type ItemStatus = 'completed' | 'incomplete';
interface OpenItem {
  index: number;
  id: string;
  text: string;
}
interface OpenReasoning extends OpenItem {
  summaryOpened: boolean;
  signature?: string;
}
interface OpenTool extends OpenItem {
  callId: string;
  /** The canonical name; the item carries the client's (see encodeResponsesToolCall). */
  name: string;
  custom: boolean;
}

const textPart = (text: string) => ({ type: 'output_text', annotations: [], logprobs: [], text });

/**
 * Canonical events -> the Responses API's server-sent events, as exact SSE text
 * (`event: <type>\ndata: <json>\n\n`, `sequence_number` from 0 on every event):
 * `response.created` and `response.in_progress` first; each reasoning, message and
 * function-call output item opened with `response.output_item.added`, filled with its
 * delta events and closed with its `.done` events and `response.output_item.done`;
 * a call of a `custom` tool is a `custom_tool_call` item whose whole input is sent as one
 * `response.custom_tool_call_input.delta` when the call ends: the model streams JSON
 * arguments (`{"input":"...`), and a cut JSON string cannot be unescaped safely;
 * finally `response.completed` (or `response.incomplete` / `response.failed`, see
 * mapResponsesStatus) with the whole Response object, usage included. Usage is always
 * sent, as at OpenAI (`includeUsage` has nothing to switch). Events of choices other
 * than 0 are ignored: a Responses request cannot ask for more.
 */
export function createResponsesSseEncoder(options: ResponsesStreamOptions): SurfaceStreamEncoder {
  let sequence = 0;
  let ids: ResponsesIds | undefined;
  let createdAt = 0;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  let finished = false;
  const output: WireItem[] = [];
  let reasoning: OpenReasoning | undefined;
  let message: OpenItem | undefined;
  const tools = new Map<number, OpenTool>();
  const kinds = readResponsesToolKinds(options.echo?.tools);

  const frame = (type: string, payload: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...payload, sequence_number: sequence++ })}\n\n`;

  const envelope = (rest: Omit<ResponsesEnvelopeInput, 'id' | 'createdAt' | 'model' | 'output' | 'echo'>) =>
    encodeResponsesEnvelope({
      id: ids!.response,
      createdAt,
      model: options.model,
      output,
      ...rest,
      ...(options.echo ? { echo: options.echo } : {}),
    });

  const start = (id: string, created: number): string => {
    if (ids) return '';
    ids = deriveResponsesIds(options.responseId ?? id);
    createdAt = created;
    const response = envelope({ status: 'in_progress', usage: null });
    return frame('response.created', { response }) + frame('response.in_progress', { response });
  };
  // Only a broken upstream stream skips `response-start`; the client still gets a whole lifecycle.
  const ensureStarted = (): string => start('gateway', 0);

  const addItem = (prefix: ResponsesItemPrefix, item: (id: string) => WireItem): { text: string; state: OpenItem } => {
    const index = output.length;
    const id = ids!.item(prefix, index);
    const added = item(id);
    output.push(added);
    return { text: frame('response.output_item.added', { output_index: index, item: added }), state: { index, id, text: '' } };
  };
  const finishItem = (index: number, item: WireItem): string => {
    output[index] = item;
    return frame('response.output_item.done', { output_index: index, item });
  };

  const closeReasoning = (): string => {
    if (!reasoning) return '';
    const { index, id, text, signature } = reasoning;
    const where = { item_id: id, output_index: index, summary_index: 0 };
    let sse = '';
    if (reasoning.summaryOpened) {
      sse += frame('response.reasoning_summary_text.done', { ...where, text });
      sse += frame('response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text } });
    }
    reasoning = undefined;
    return sse + finishItem(index, encodeReasoningItem(id, text, signature));
  };

  const closeMessage = (status: ItemStatus): string => {
    if (!message) return '';
    const { index, id, text } = message;
    const where = { item_id: id, output_index: index, content_index: 0 };
    message = undefined;
    return (
      frame('response.output_text.done', { ...where, text, logprobs: [] }) +
      frame('response.content_part.done', { ...where, part: textPart(text) }) +
      finishItem(index, { id, type: 'message', status, role: 'assistant', content: [textPart(text)] })
    );
  };

  const closeTool = (toolIndex: number, status: ItemStatus): string => {
    const tool = tools.get(toolIndex);
    if (!tool) return '';
    tools.delete(toolIndex);
    const { index, id, text, callId, name } = tool;
    const item = encodeResponsesToolCall({ toolCallId: callId, toolName: name, argumentsJson: text }, kinds, () => id, status);
    const where = { item_id: id, output_index: index };
    if (!tool.custom) {
      return frame('response.function_call_arguments.done', { ...where, name: item.name, arguments: text }) + finishItem(index, item);
    }
    const input = item.input as string;
    const delta = input === '' ? '' : frame('response.custom_tool_call_input.delta', { ...where, delta: input });
    return delta + frame('response.custom_tool_call_input.done', { ...where, input }) + finishItem(index, item);
  };

  const closeTools = (status: ItemStatus): string => {
    let sse = '';
    for (const toolIndex of [...tools.keys()].sort((left, right) => tools.get(left)!.index - tools.get(right)!.index)) {
      sse += closeTool(toolIndex, status);
    }
    return sse;
  };

  const closeAll = (status: ItemStatus): string => closeReasoning() + closeMessage(status) + closeTools(status);

  const onReasoning = (delta: string, signature: string | undefined): string => {
    if (delta === '' && signature === undefined) return '';
    let sse = ensureStarted();
    if (!reasoning) {
      sse += closeMessage('completed') + closeTools('completed');
      const added = addItem('rs', (id) => ({ id, type: 'reasoning', summary: [] }));
      sse += added.text;
      reasoning = { ...added.state, summaryOpened: false };
    }
    if (signature !== undefined) reasoning.signature = signature;
    if (delta === '') return sse;
    const where = { item_id: reasoning.id, output_index: reasoning.index, summary_index: 0 };
    if (!reasoning.summaryOpened) {
      reasoning.summaryOpened = true;
      sse += frame('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } });
    }
    reasoning.text += delta;
    return sse + frame('response.reasoning_summary_text.delta', { ...where, delta });
  };

  const onText = (delta: string): string => {
    if (delta === '') return '';
    let sse = ensureStarted();
    if (!message) {
      sse += closeReasoning() + closeTools('completed');
      const added = addItem('msg', (id) => ({ id, type: 'message', status: 'in_progress', role: 'assistant', content: [] }));
      message = added.state;
      const where = { item_id: message.id, output_index: message.index, content_index: 0 };
      sse += added.text + frame('response.content_part.added', { ...where, part: textPart('') });
    }
    message.text += delta;
    return sse + frame('response.output_text.delta', { item_id: message.id, output_index: message.index, content_index: 0, delta, logprobs: [] });
  };

  const onToolStart = (toolIndex: number, callId: string, name: string): string => {
    if (tools.has(toolIndex)) return '';
    const sse = ensureStarted() + closeReasoning() + closeMessage('completed');
    const custom = kinds.get(name)?.type === 'custom';
    const call = { toolCallId: callId, toolName: name, argumentsJson: '' };
    const added = addItem(custom ? 'ctc' : 'fc', (id) => encodeResponsesToolCall(call, kinds, () => id, 'in_progress'));
    tools.set(toolIndex, { ...added.state, callId, name, custom });
    return sse + added.text;
  };

  const onToolDelta = (toolIndex: number, delta: string): string => {
    const tool = tools.get(toolIndex);
    if (!tool || delta === '') return '';
    tool.text += delta;
    if (tool.custom) return '';
    return frame('response.function_call_arguments.delta', { item_id: tool.id, output_index: tool.index, delta });
  };

  const complete = (): string => {
    if (finished) return '';
    const outcome = mapResponsesStatus(finish);
    let sse = ensureStarted() + closeAll(outcome.status === 'incomplete' ? 'incomplete' : 'completed');
    finished = true;
    const type = outcome.status === 'completed' ? 'response.completed' : `response.${outcome.status}`;
    sse += frame(type, { response: envelope({ ...outcome, usage: encodeResponsesUsage(usage) }) });
    return sse;
  };

  const fail = (error: GatewayError): string => {
    if (finished) return '';
    let sse = ensureStarted();
    finished = true;
    sse += frame('error', { code: error.wireCode, message: error.message, param: error.param ?? null });
    // Items cut off by the failure are reported as they stand, without `.done` events.
    for (const open of [reasoning, message, ...tools.values()]) {
      const item = open && output[open.index];
      if (item && 'status' in item) item.status = 'incomplete';
    }
    const failure = { code: error.wireCode, message: error.message };
    return sse + frame('response.failed', { response: envelope({ status: 'failed', error: failure, usage: encodeResponsesUsage(usage) }) });
  };

  return {
    encode(event: ChatStreamEvent): string {
      if (finished) return '';
      switch (event.type) {
        case 'response-start':
          return start(event.id, event.createdAt);
        case 'reasoning-delta':
          return event.index === 0 ? onReasoning(event.delta, event.signature) : '';
        case 'text-delta':
          return event.index === 0 ? onText(event.delta) : '';
        case 'tool-call-start':
          return event.index === 0 ? onToolStart(event.toolIndex, event.toolCallId, event.toolName) : '';
        case 'tool-call-delta':
          return event.index === 0 ? onToolDelta(event.toolIndex, event.argumentsDelta) : '';
        case 'tool-call-end':
          return event.index === 0 ? closeTool(event.toolIndex, 'completed') : '';
        case 'choice-end':
          if (event.index !== 0) return '';
          finish = event.finishReason;
          return closeAll(mapResponsesStatus(finish).status === 'incomplete' ? 'incomplete' : 'completed');
        case 'usage':
          usage = { ...usage, ...definedCounts(event.usage) };
          return '';
        case 'response-end':
          return complete();
        case 'error':
          return fail(event.error);
      }
    },
    end: () => '',
    error: fail,
  };
}

/** Later usage events refine earlier ones (input first, output at the end, as Anthropic reports). */
function definedCounts(usage: Usage): Usage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined)) as Usage;
}
