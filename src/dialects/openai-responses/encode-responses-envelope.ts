import { readResponsesEcho, type ResponsesEcho } from './read-responses-echo.js';

/** A Response object's lifecycle states the gateway produces. */
export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesEnvelopeInput {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  model: string;
  status: ResponsesStatus;
  output: readonly Record<string, unknown>[];
  /** Already in wire form (encodeResponsesUsage); `null` while in progress or unknown. */
  usage: Record<string, unknown> | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  error?: { code: string; message: string };
  echo?: ResponsesEcho;
}

const EMPTY_ECHO = readResponsesEcho({});
// OpenAI's field order; `usage` near the end keeps it cheap to find in a long body.
const ECHO_BEFORE_MODEL = ['instructions', 'max_output_tokens', 'max_tool_calls'];
const ECHO_TRAILING = ['user', 'metadata'];

/** The `response` object of a complete answer and of every lifecycle stream event. */
export function encodeResponsesEnvelope(input: ResponsesEnvelopeInput): Record<string, unknown> {
  const echo = input.echo ?? EMPTY_ECHO;
  const body: Record<string, unknown> = {
    id: input.id,
    object: 'response',
    created_at: input.createdAt,
    status: input.status,
    background: false,
    error: input.error ?? null,
    incomplete_details: input.incompleteReason ? { reason: input.incompleteReason } : null,
  };
  for (const key of ECHO_BEFORE_MODEL) if (key in echo) body[key] = echo[key];
  body.model = input.model;
  body.output = input.output;
  for (const [key, value] of Object.entries(echo)) {
    if (!ECHO_BEFORE_MODEL.includes(key) && !ECHO_TRAILING.includes(key)) body[key] = value;
  }
  body.usage = input.usage;
  for (const key of ECHO_TRAILING) if (key in echo) body[key] = echo[key];
  return body;
}
