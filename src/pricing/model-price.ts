/**
 * List price of one model, in USD per million tokens.
 *
 * A price of P USD per million tokens is exactly P micro-dollars per token, which is
 * how `computeCost` uses it. Prices carry at most six decimal places (one pico-dollar
 * per token); finer digits are rounded away.
 */
export interface ModelPrice {
  /** Uncached input (prompt) tokens. */
  inputPerMtok: number;
  /** Output tokens, reasoning tokens included. Embedding models use 0. */
  outputPerMtok: number;
  /**
   * Input tokens served from the provider's prompt cache (cache hits, reads).
   * `undefined` means the vendor publishes no discount: cached tokens bill at `inputPerMtok`.
   */
  cachedInputPerMtok?: number;
  /**
   * Input tokens written to the provider's prompt cache (Anthropic's 5-minute cache write).
   * `undefined` means writes carry no surcharge: they bill at `inputPerMtok`.
   */
  cacheWriteInputPerMtok?: number;
}
