/** Who is asking, as far as routing cares: rules match on these ids, splits stick to them. */
export interface RoutingCaller {
  readonly keyId?: string | undefined;
  readonly teamId?: string | undefined;
  readonly userId?: string | undefined;
  /** Regions the caller may be served from (key, team and request combined); undefined: any. */
  readonly allowedRegions?: readonly string[] | undefined;
  /** Whether the caller's key, user and team allow a model; undefined: every model. */
  readonly mayUse?: ((model: string) => boolean) | undefined;
}

/** The parts of a request that rules, splits, tags and regions read. */
export interface RoutingRequest {
  /** The caller's raw body (untrusted): rules read messages, tools, metadata from it. */
  readonly body: Record<string, unknown>;
  /** From `x-switchyard-tags`. */
  readonly tags: readonly string[];
  readonly caller: RoutingCaller;
}

/** For callers that route by model name alone (tests, tools). */
export const PLAIN_REQUEST: RoutingRequest = { body: {}, tags: [], caller: {} };
