import { GatewayError } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { redactUpstreamMessage } from '../../dialects/_shared/redact-upstream-message.js';
import { mapBedrockErrorType } from '../../dialects/bedrock-converse/index.js';

const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*"([a-z_]+)"/;
const EVENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * One frame of an InvokeModelWithResponseStream answer (from the AWS event-stream parser)
 * -> what it carries for an Anthropic Messages stream:
 * - a `chunk` event, whose payload is `{"bytes": "<base64>"}` (plus Bedrock's `p` padding),
 *   the bytes being one Anthropic stream event's JSON: that event as a server-sent event
 *   frame (`event` its `type`, `data` the JSON as sent, `raw` the SSE text);
 * - an exception (`exception:throttlingException`...) or error message: the gateway error
 *   it stands for, mapped as Bedrock's HTTP errors are;
 * - a malformed chunk: a `GW_UPSTREAM_ERROR`;
 * - any other event type: undefined (skipped).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 * Never throws.
 */
export function unwrapBedrockClaudeFrame(frame: UpstreamFrame): UpstreamFrame | GatewayError | undefined {
  const event = frame.event ?? '';
  if (event.startsWith('exception:') || event.startsWith('error:')) return exceptionError(event.slice(event.indexOf(':') + 1), frame.data);
  if (event !== 'chunk') return undefined;
  const text = readChunkText(frame.data);
  if (text === undefined) return malformed(`a chunk without base64 bytes: ${frame.data.slice(0, 80)}`);
  const type = LEADING_TYPE.exec(text)?.[1] ?? readType(text);
  if (type === undefined) return malformed(`a chunk that is not an Anthropic stream event: ${text.slice(0, 80)}`);
  return { event: type, data: text, raw: `event: ${type}\n${text.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')}\n\n` };
}

function readChunkText(data: string): string | undefined {
  try {
    const payload = JSON.parse(data) as unknown;
    if (typeof payload !== 'object' || payload === null) return undefined;
    const bytes = (payload as Record<string, unknown>).bytes;
    return typeof bytes === 'string' && bytes !== '' ? Buffer.from(bytes, 'base64').toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

function readType(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as unknown;
    const type = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).type : undefined;
    return typeof type === 'string' && EVENT_NAME.test(type) ? type : undefined;
  } catch {
    return undefined;
  }
}

function exceptionError(type: string, data: string): GatewayError {
  const message = readMessage(data);
  const mapping = mapBedrockErrorType(type, undefined, message);
  const text = `bedrock stream: ${type || 'error'}: ${redactUpstreamMessage(message)}`;
  return new GatewayError(mapping.code, text, mapping.status === undefined ? {} : { status: mapping.status });
}

function readMessage(data: string): string {
  try {
    const json = JSON.parse(data) as unknown;
    if (typeof json === 'object' && json !== null) {
      const record = json as Record<string, unknown>;
      const message = record.message ?? record.Message;
      if (typeof message === 'string' && message !== '') return message;
    }
  } catch {
    // Not JSON: the payload is the message.
  }
  return data.trim() === '' ? 'no message' : data;
}

function malformed(detail: string): GatewayError {
  return new GatewayError('GW_UPSTREAM_ERROR', `bedrock stream: ${redactUpstreamMessage(detail)}`);
}
