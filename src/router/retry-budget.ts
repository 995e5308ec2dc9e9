/** Share of a model's requests that may be retried. */
export const RETRY_BUDGET_RATIO = 0.2;
/** Retries a model may save up while healthy: the largest burst after a quiet spell. */
export const RETRY_BUDGET_MAX_TOKENS = 10;
/** Retries a model has before its traffic earned any, so a quiet model can still retry. */
export const RETRY_BUDGET_INITIAL_TOKENS = 3;

/**
 * Keeps retries to about a fifth of a model's traffic, so a failing provider sees at most
 * ~1.2x its load instead of (1 + retries)x. A token bucket per model: every request earns
 * `ratio` of a retry, every retry spends one, and the savings are capped, so over any
 * stretch retries <= ratio × requests + maxTokens. Counting requests rather than time
 * keeps it deterministic; the bucket starts with `initialTokens`, so a quiet model can
 * still retry a few times. Per process, in memory.
 */
export class RetryBudget {
  readonly #tokens = new Map<string, number>();

  constructor(
    private readonly ratio = RETRY_BUDGET_RATIO,
    private readonly maxTokens = RETRY_BUDGET_MAX_TOKENS,
    private readonly initialTokens = RETRY_BUDGET_INITIAL_TOKENS,
  ) {}

  /** A request to `model` started. */
  deposit(model: string): void {
    this.#tokens.set(model, Math.min(this.maxTokens, (this.#tokens.get(model) ?? this.initialTokens) + this.ratio));
  }

  /** Spends one retry when `model` has one saved; false means "do not retry". */
  tryWithdraw(model: string): boolean {
    const tokens = this.#tokens.get(model) ?? this.initialTokens;
    // The epsilon absorbs float drift: five deposits of 0.2 sum to 0.9999999999999999.
    if (tokens < 1 - 1e-9) return false;
    this.#tokens.set(model, tokens - 1);
    return true;
  }

  /** Retries `model` may take right now (whole ones), for tests and diagnostics. */
  available(model: string): number {
    return Math.floor((this.#tokens.get(model) ?? this.initialTokens) + 1e-9);
  }
}
