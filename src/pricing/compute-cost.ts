import type { Usage } from '../core/usage.js';
import type { ModelPrice } from './model-price.js';

/**
 * Why a cost is missing. `usage-unknown`: the provider did not report input and output
 * counts (or reported something that is not a token count). `price-unknown`: no price for
 * the model, or a price that is not a finite non-negative number.
 */
export type CostFlag = 'usage-unknown' | 'price-unknown';

/** Cost of one answer. */
export interface Cost {
  /** Integer micro-dollars (1 USD = 1,000,000). `undefined` when not computable; never 0 for unknown. */
  micros?: number;
  /** Why `micros` is `undefined`; empty when it is set. */
  flags: CostFlag[];
}

interface TokenCounts {
  uncachedInput: bigint;
  cachedInput: bigint;
  cacheWriteInput: bigint;
  output: bigint;
}

/** Pico-dollars per token: P USD per million tokens is P micro-dollars, P x 10^6 pico-dollars. */
interface Rates {
  input: bigint;
  cachedInput: bigint;
  cacheWriteInput: bigint;
  output: bigint;
}

const PICO_PER_MICRO = 1_000_000n;

function toTokens(count: number | undefined): bigint | undefined {
  return count !== undefined && Number.isSafeInteger(count) && count >= 0 ? BigInt(count) : undefined;
}

function toRate(pricePerMtok: number | undefined): bigint | undefined {
  return pricePerMtok !== undefined && Number.isFinite(pricePerMtok) && pricePerMtok >= 0
    ? BigInt(Math.round(pricePerMtok * 1_000_000))
    : undefined;
}

function readCounts(usage: Usage | undefined): TokenCounts | undefined {
  const input = toTokens(usage?.inputTokens);
  const output = toTokens(usage?.outputTokens);
  // An unreported cache count means no cache use. That can only overstate the cost (cache
  // reads are cheaper than input), except for Anthropic cache writes, which Anthropic always reports.
  const cachedInput = usage?.cachedInputTokens === undefined ? 0n : toTokens(usage.cachedInputTokens);
  const cacheWriteInput = usage?.cacheWriteInputTokens === undefined ? 0n : toTokens(usage.cacheWriteInputTokens);
  if (input === undefined || output === undefined || cachedInput === undefined || cacheWriteInput === undefined) {
    return undefined;
  }
  // Cache counts are subsets of input (OpenAI convention). If a provider reports more than the
  // total, bill what it reported rather than a negative remainder.
  const uncached = input - cachedInput - cacheWriteInput;
  return { uncachedInput: uncached > 0n ? uncached : 0n, cachedInput, cacheWriteInput, output };
}

function readRates(price: ModelPrice | undefined): Rates | undefined {
  if (!price) return undefined;
  const input = toRate(price.inputPerMtok);
  const output = toRate(price.outputPerMtok);
  const cachedInput = price.cachedInputPerMtok === undefined ? input : toRate(price.cachedInputPerMtok);
  const cacheWriteInput = price.cacheWriteInputPerMtok === undefined ? input : toRate(price.cacheWriteInputPerMtok);
  if (input === undefined || output === undefined || cachedInput === undefined || cacheWriteInput === undefined) {
    return undefined;
  }
  return { input, cachedInput, cacheWriteInput, output };
}

/**
 * Cost of one answer in integer micro-dollars, rounded half up. Uncached input, cache reads,
 * cache writes and output each bill at their own rate; a missing cache rate falls back to
 * the input rate. Arithmetic is exact (BigInt pico-dollars) until the final rounding.
 */
export function computeCost(usage: Usage | undefined, price: ModelPrice | undefined): Cost {
  const counts = readCounts(usage);
  const rates = readRates(price);
  if (!counts || !rates) {
    const flags: CostFlag[] = [];
    if (!counts) flags.push('usage-unknown');
    if (!rates) flags.push('price-unknown');
    return { flags };
  }
  const pico =
    counts.uncachedInput * rates.input +
    counts.cachedInput * rates.cachedInput +
    counts.cacheWriteInput * rates.cacheWriteInput +
    counts.output * rates.output;
  return { micros: Number((pico + PICO_PER_MICRO / 2n) / PICO_PER_MICRO), flags: [] };
}
