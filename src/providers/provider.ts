import type { ChatRequest, DialectId } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { ChatStreamEvent } from '../core/chat-stream-event.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.js';
import type { PriceOverride, ProviderConnection, ProviderType } from '../config/index.js';
import type { Dialect } from '../dialects/dialect.js';
import type { PassthroughCodec } from '../dialects/passthrough.js';
import type { RequestSigner } from '../upstream/credentials/request-signer.js';

/**
 * What a caller asks a provider to do. `responses` is a chat turn asked through OpenAI's
 * Responses API: passed through to providers that offer that API, translated as `chat`
 * everywhere else. `count-tokens` is Anthropic's token counting, offered where the provider has it.
 */
export type Operation = 'chat' | 'embeddings' | 'responses' | 'count-tokens';

/** Where to send one upstream request and the headers (credentials included) to send. */
export interface UpstreamEndpoint {
  url: string;
  headers: Record<string, string>;
}

/** Options for a model that answers in process (the `mock` provider). */
export interface LocalCallOptions {
  /** The deployment's model name. */
  model: string;
  /** The provider connection's name, for error messages. */
  provider: string;
  signal: AbortSignal;
  /** The caller's request headers (lower-cased); the mock reads its `x-mock-*` controls here. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A model that runs inside the gateway process instead of behind a socket. */
export interface LocalModel {
  chat(request: ChatRequest, options: LocalCallOptions): Promise<ChatResponse | AsyncIterable<ChatStreamEvent>>;
  embed(request: EmbeddingRequest, options: LocalCallOptions): Promise<EmbeddingResponse>;
}

/**
 * A provider type: which wire format it speaks, where its endpoints are and how it
 * authenticates. Pure: it computes URLs and headers; `upstream/` sends them.
 */
export interface ProviderAdapter {
  readonly type: ProviderType;
  /** Set when the type cannot serve requests yet: the reason, answered as a 501. */
  readonly notImplemented?: string;
  /** The outbound wire format. */
  readonly dialect?: Dialect;
  /** Same-dialect forwarding per operation; absent when the operation needs translation. */
  readonly passthrough?: Partial<Record<Operation, PassthroughCodec>>;
  /**
   * The URL and static headers (credentials included) for one call, or undefined when the
   * type does not offer the operation. `stream` matters where streaming has its own URL
   * (Gemini's `:streamGenerateContent`, Bedrock's `/converse-stream`). `dialect` is the id
   * of the dialect the call speaks (`dialectFor`'s choice, else `dialect`'s), for types
   * that serve one model through two APIs (Claude on Bedrock: `/invoke` for Anthropic
   * Messages, `/converse` otherwise); undefined means the type's `dialect`.
   */
  endpoint?(connection: ProviderConnection, operation: Operation, model: string, stream: boolean, dialect?: DialectId): UpstreamEndpoint | undefined;
  /**
   * For credentials that depend on the request or on a fetched token (SigV4, Google
   * OAuth): a signer for this connection, built from the factories in upstream/credentials.
   * Called once per connection (per config snapshot); the signer runs per attempt.
   */
  createSigner?(connection: ProviderConnection): RequestSigner;
  /**
   * The dialect to use for one model when it differs from `dialect` (Claude on Vertex
   * speaks Anthropic Messages). `inbound` is the dialect of the caller's API (the surface's),
   * for a type that can serve the model either way and prefers the caller's, so the body
   * passes through (Claude on Bedrock: InvokeModel for Anthropic callers, Converse for the
   * rest); undefined when not known. Undefined means `dialect`.
   */
  dialectFor?(model: string, inbound?: DialectId): Dialect | undefined;
  /** Present for providers that answer in process. */
  readonly local?: LocalModel;
  /** A price for every model of this type, used when a target sets none (the free mock). */
  readonly defaultPrice?: PriceOverride;
  /**
   * The price-catalog vendor whose list prices this provider bills at (`openai` for Azure
   * OpenAI too). Absent for hosts of many makers (Bedrock, Vertex, OpenRouter...) and local
   * servers: the model name alone decides the price there.
   */
  readonly priceVendor?: string;
}
