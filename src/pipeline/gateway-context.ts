import type { Principal } from '../auth/index.js';
import type { ConfigSnapshot, PriceOverride } from '../config/index.js';
import type { Cancellation } from '../core/cancellation.js';
import type { ChatRequest } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { ChatStreamEvent } from '../core/chat-stream-event.js';
import type { Clock } from '../core/clock.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../core/embedding.js';
import type { AttemptRecord } from '../core/request-record.js';
import type { RequestTrace } from '../core/trace-context.js';
import type { Usage } from '../core/usage.js';
import type { Warning } from '../core/warning.js';
import type { InboundSurface } from '../dialects/surface.js';
import type { Operation } from '../providers/index.js';
import type { RoutePlan } from '../router/index.js';

type HeaderValue = string | string[] | undefined;

/**
 * The inbound API's codecs, supplied by the server: decoding happens only when a request
 * must be translated (same-dialect requests pass through undecoded).
 */
export interface GatewaySurface extends InboundSurface {
  /** Present on surfaces that offer embeddings (OpenAI's). */
  decodeEmbeddingRequest?(body: unknown): EmbeddingRequest;
}

/** An outcome with every field present, so its shape never changes mid-request. */
export function createOutcome(): Outcome {
  return {
    provider: undefined,
    priceVendor: undefined,
    deploymentModel: undefined,
    price: undefined,
    usage: undefined,
    firstByteAt: undefined,
    streamError: undefined,
    costMicros: undefined,
    costFlags: undefined,
    superseded: undefined,
  };
}

/** What the request produced, filled in as it becomes known. Written by dispatch only. */
export interface Outcome {
  provider?: string;
  /** The price-catalog vendor of the provider that answered. */
  priceVendor?: string;
  deploymentModel?: string;
  price?: PriceOverride;
  usage?: Usage;
  /** Monotonic ms when the first byte of the answer arrived. */
  firstByteAt?: number;
  /** An error the upstream reported inside an already committed stream. */
  streamError?: string;
  /** Set by observe when the request ends. */
  costMicros?: number;
  costFlags?: string[];
  /**
   * Attempts whose answers the caller did not get but the provider may bill: a hedge's
   * loser, a refusal handed over to a content fallback. Their usage adds to the cost.
   */
  superseded?: Outcome[];
}

/**
 * Everything one request carries through the stages. Each mutable field names its one
 * writer; stages talk to each other only through this object.
 */
export interface GatewayContext {
  readonly requestId: string;
  readonly operation: Operation;
  /** The API path, for the log. */
  readonly endpoint: string;
  /** Cancelled when the caller disconnects; passed to the upstream request. */
  readonly cancellation: Cancellation;
  readonly snapshot: ConfigSnapshot;
  readonly clock: Clock;
  /** Epoch ms at arrival. */
  readonly createdAt: number;
  /** Monotonic ms at arrival, for durations. */
  readonly startedAt: number;
  /** Caller's headers, lower-cased names; hostile input. */
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly clientIp: string | undefined;
  readonly tags: readonly string[];
  readonly traceId: string | undefined;
  /** The request's place in a distributed trace (W3C `traceparent`); undefined when neither traced nor continued. */
  readonly trace: RequestTrace | undefined;
  /**
   * Prompt and answer capture for the request log, decided after authentication (payload
   * logging is per key, user or team). Written by authenticate; observe reads it.
   */
  capturePayload: { maxBytes: number } | undefined;
  readonly surface: GatewaySurface;
  /** The parsed request body (parsed once, by the server, which writes these four). */
  body: Record<string, unknown>;
  requestedModel: string;
  stream: boolean;
  /** The caller asked for usage in the stream itself. */
  clientWantsStreamUsage: boolean;
  /**
   * The body decoded to the canonical request: made by dispatch the first time an attempt
   * needs translation (passthrough never decodes), or earlier by a stage that rewrites
   * the request (conversation history); once set, the request is always translated.
   */
  request: ChatRequest | undefined;
  /**
   * Set (with the reason) when the request can only be passed through, never translated:
   * it refers to state only the upstream keeps (an unknown `previous_response_id`).
   * Written by conversation.
   */
  passthroughOnly: string | undefined;
  /** Written by authenticate. */
  principal: Principal | undefined;
  /** Written by route. */
  plan: RoutePlan | undefined;
  /** OpenAI's `x-ratelimit-*` response headers, flat name/value pairs; written by limits. */
  rateLimitHeaders?: string[] | undefined;
  /** Appended by dispatch. */
  readonly attempts: AttemptRecord[];
  /** Appended by any stage; reaches the response header and the log. */
  readonly warnings: Warning[];
  readonly outcome: Outcome;
}

/**
 * A pipeline's answer. Canonical results are encoded by the surface; `raw` results are
 * already in the surface's wire format (passthrough) and are written as they are.
 */
export type GatewayResult =
  | { kind: 'chat'; response: ChatResponse }
  | { kind: 'chat-stream'; events: AsyncIterable<ChatStreamEvent> }
  | { kind: 'embeddings'; response: EmbeddingResponse }
  | { kind: 'raw'; status: number; contentType: string; body: Buffer }
  | { kind: 'raw-stream'; status: number; contentType: string; chunks: AsyncIterable<string> };

export interface Stage {
  /** Used as the span and log field name. */
  readonly name: string;
  run(context: GatewayContext, next: () => Promise<GatewayResult>): Promise<GatewayResult>;
}
