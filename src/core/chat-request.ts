/** Wire formats the gateway speaks. A dialect is a format, not a provider. */
export type DialectId = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini' | 'bedrock-converse' | 'cohere-chat';

/** Where an image or file comes from. */
export type MediaSource =
  | { type: 'url'; url: string }
  | { type: 'base64'; mediaType: string; data: string };

/** One piece of a message. Discriminated by `type`. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; source: MediaSource; detail?: string }
  | { type: 'file'; source: MediaSource; mediaType: string; filename?: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; argumentsJson: string }
  | { type: 'tool-result'; toolCallId: string; content: string | ContentPart[]; isError?: boolean }
  | { type: 'reasoning'; text: string; signature?: string };

/**
 * A turn of the conversation. `system` covers OpenAI's `developer` role too; `name`
 * keeps OpenAI's participant name where a dialect has it.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: ContentPart[];
  name?: string;
}

/** A function the model may call. `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; toolName: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json-object' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/** Sampling settings. `undefined` means "the provider's default": never filled in by us. */
export interface Sampling {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** How many alternatives to generate (OpenAI's `n`). */
  choiceCount?: number;
}

/**
 * The canonical request: the hub between client dialects and provider dialects.
 * Written by the surface decoder; stages may rewrite it and record a warning.
 */
export interface ChatRequest {
  /** The name the caller sent; the router resolves it to deployments. */
  model: string;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  sampling: Sampling;
  responseFormat?: ResponseFormat;
  stream: boolean;
  /** The caller asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  streamUsage?: boolean;
  /** Effort for reasoning models (`low` | `medium` | `high` ...), passed through as given. */
  reasoningEffort?: string;
  /** End-user id for abuse monitoring. */
  user?: string;
  /** Free-form key/values the caller attached. */
  metadata?: Record<string, string>;
  /**
   * Fields of the inbound dialect that the canonical model does not carry, kept verbatim
   * so a request sent back out in the same dialect loses nothing.
   */
  passthrough?: { dialect: DialectId; fields: Record<string, unknown> };
}
