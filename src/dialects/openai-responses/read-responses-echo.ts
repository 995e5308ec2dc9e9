/**
 * The request settings a Response object repeats back (`instructions`, `tools`,
 * `tool_choice`, `temperature`, `store`, ...), as the client sent them, with OpenAI's
 * defaults for the ones it did not send. Wire field names; values are the client's own.
 * The encoders also read `tools` to write each tool call in the item type its tool was
 * declared with (`custom_tool_call` for `custom` tools, `namespace` on namespaced ones),
 * so the echo is what a client that declared such tools needs to get its calls back.
 */
export type ResponsesEcho = Readonly<Record<string, unknown>>;

/*
 * OpenAI's values when a field is not sent. Sampling defaults are `null`, not OpenAI's
 * 1.0: the answering provider's defaults apply and the gateway does not know them.
 */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  instructions: null,
  max_output_tokens: null,
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: true,
  temperature: null,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: null,
  truncation: 'disabled',
  user: null,
  metadata: {},
};

/** Echoed only when sent: OpenAI reports them only when they apply. */
const ECHOED_WHEN_SENT = ['max_tool_calls', 'prompt_cache_key', 'safety_identifier', 'service_tier', 'top_logprobs'] as const;

/** The echo of a (validated) request body; `readResponsesEcho({})` is the echo of an empty one. */
export function readResponsesEcho(body: Readonly<Record<string, unknown>>): ResponsesEcho {
  const echo: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(DEFAULTS)) {
    const value = body[key];
    if (value === undefined || value === null) echo[key] = fallback;
    else if (isObject(value) && isObject(fallback)) echo[key] = { ...fallback, ...value };
    else echo[key] = value;
  }
  for (const key of ECHOED_WHEN_SENT) {
    if (body[key] !== undefined && body[key] !== null) echo[key] = body[key];
  }
  return echo;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
