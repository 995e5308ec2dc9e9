import type { ModelPrice } from './model-price.js';

/** Day the catalog's prices were last checked against the sources named below (UTC). */
export const CATALOG_AS_OF = '2026-11-22';

function perMtok(input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelPrice {
  const price: ModelPrice = { inputPerMtok: input, outputPerMtok: output };
  if (cachedInput !== undefined) price.cachedInputPerMtok = cachedInput;
  if (cacheWrite !== undefined) price.cacheWriteInputPerMtok = cacheWrite;
  return Object.freeze(price);
}

// Standard (non-batch, non-priority) list prices: perMtok(input, output, cachedInput?, cacheWrite?).
// Where a vendor bills long prompts at a higher tier, the base tier is listed and the
// threshold noted; computeCost never sees the prompt length, so long prompts are underestimated.
const ENTRIES: ReadonlyArray<readonly [string, ModelPrice]> = [
  // https://developers.openai.com/api/docs/pricing (checked against genai-prices and llm-prices, Aug 2026).
  // gpt-5.4 and gpt-5.5: prompts over 272k tokens bill at 2x input, 1.5x output.
  ['openai/gpt-5.5', perMtok(5, 30, 0.5)],
  ['openai/gpt-5.5-pro', perMtok(30, 180)],
  ['openai/gpt-5.4', perMtok(2.5, 15, 0.25)],
  ['openai/gpt-5.4-pro', perMtok(30, 180)],
  ['openai/gpt-5.4-mini', perMtok(0.75, 4.5, 0.075)],
  ['openai/gpt-5.4-nano', perMtok(0.2, 1.25, 0.02)],
  ['openai/gpt-5.2', perMtok(1.75, 14, 0.175)],
  ['openai/gpt-5.2-pro', perMtok(21, 168)],
  ['openai/gpt-5.1', perMtok(1.25, 10, 0.125)],
  ['openai/gpt-5.1-codex', perMtok(1.25, 10, 0.125)],
  ['openai/gpt-5.1-codex-mini', perMtok(0.25, 2, 0.025)],
  ['openai/gpt-5', perMtok(1.25, 10, 0.125)],
  ['openai/gpt-5-chat', perMtok(1.25, 10, 0.125)],
  ['openai/gpt-5-codex', perMtok(1.25, 10, 0.125)],
  ['openai/gpt-5-pro', perMtok(15, 120)],
  ['openai/gpt-5-mini', perMtok(0.25, 2, 0.025)],
  ['openai/gpt-5-nano', perMtok(0.05, 0.4, 0.005)],
  ['openai/gpt-4.1', perMtok(2, 8, 0.5)],
  ['openai/gpt-4.1-mini', perMtok(0.4, 1.6, 0.1)],
  ['openai/gpt-4.1-nano', perMtok(0.1, 0.4, 0.025)],
  ['openai/gpt-4o', perMtok(2.5, 10, 1.25)],
  // The first gpt-4o snapshot kept its launch price.
  ['openai/gpt-4o-2024-05-13', perMtok(5, 15)],
  ['openai/gpt-4o-mini', perMtok(0.15, 0.6, 0.075)],
  ['openai/o1', perMtok(15, 60, 7.5)],
  ['openai/o1-pro', perMtok(150, 600)],
  ['openai/o3', perMtok(2, 8, 0.5)],
  ['openai/o3-pro', perMtok(20, 80)],
  ['openai/o3-mini', perMtok(1.1, 4.4, 0.55)],
  ['openai/o4-mini', perMtok(1.1, 4.4, 0.275)],
  ['openai/text-embedding-3-small', perMtok(0.02, 0)],
  ['openai/text-embedding-3-large', perMtok(0.13, 0)],
  ['openai/text-embedding-ada-002', perMtok(0.1, 0)],

  // https://platform.claude.com/docs/en/about-claude/pricing. Cache write = the 5-minute rate
  // (1.25x input; 1-hour writes cost 2x). Cache read = 0.1x input, 0.05x on the 5.5 family.
  // Haiku 5.5: prompts over 100k tokens bill at 5x. Sonnet 4/4.5/4.6 with the 1M-context
  // option: prompts over 200k tokens bill at 2x input, 1.5x output.
  ['anthropic/claude-opus-5-5', perMtok(4, 20, 0.2, 5)],
  ['anthropic/claude-sonnet-5-5', perMtok(2, 10, 0.1, 2.5)],
  ['anthropic/claude-haiku-5-5', perMtok(0.1, 0.5, 0.01, 0.125)],
  ['anthropic/claude-opus-5', perMtok(5, 25, 0.5, 6.25)],
  ['anthropic/claude-opus-4-8', perMtok(5, 25, 0.5, 6.25)],
  ['anthropic/claude-opus-4-7', perMtok(5, 25, 0.5, 6.25)],
  ['anthropic/claude-opus-4-6', perMtok(5, 25, 0.5, 6.25)],
  ['anthropic/claude-opus-4-5', perMtok(5, 25, 0.5, 6.25)],
  ['anthropic/claude-opus-4-1', perMtok(15, 75, 1.5, 18.75)],
  ['anthropic/claude-opus-4', perMtok(15, 75, 1.5, 18.75)],
  ['anthropic/claude-sonnet-4-6', perMtok(3, 15, 0.3, 3.75)],
  ['anthropic/claude-sonnet-4-5', perMtok(3, 15, 0.3, 3.75)],
  ['anthropic/claude-sonnet-4', perMtok(3, 15, 0.3, 3.75)],
  ['anthropic/claude-haiku-4-5', perMtok(1, 5, 0.1, 1.25)],
  ['anthropic/claude-3-7-sonnet', perMtok(3, 15, 0.3, 3.75)],
  ['anthropic/claude-3-5-haiku', perMtok(0.8, 4, 0.08, 1)],
  ['anthropic/claude-3-haiku', perMtok(0.25, 1.25, 0.03, 0.3)],

  // https://ai.google.dev/gemini-api/docs/pricing, paid tier, text/image/video input (audio
  // input costs more). Context-cache storage per hour is not modelled. Keys drop "-preview".
  // 2.5 Pro, 3 Pro, 3.1 Pro: prompts over 200k tokens bill at 2x input, 1.5x output.
  ['google/gemini-3.5-flash', perMtok(1.5, 9, 0.15)],
  ['google/gemini-3.5-flash-lite', perMtok(0.3, 2.5, 0.03)],
  ['google/gemini-3.1-pro', perMtok(2, 12, 0.2)],
  ['google/gemini-3.1-flash-lite', perMtok(0.25, 1.5, 0.025)],
  ['google/gemini-3-pro', perMtok(2, 12, 0.2)],
  ['google/gemini-3-flash', perMtok(0.5, 3, 0.05)],
  ['google/gemini-2.5-pro', perMtok(1.25, 10, 0.125)],
  ['google/gemini-2.5-flash', perMtok(0.3, 2.5, 0.03)],
  ['google/gemini-2.5-flash-lite', perMtok(0.1, 0.4, 0.01)],
  ['google/gemini-2.0-flash', perMtok(0.1, 0.4, 0.025)],
  ['google/gemini-2.0-flash-lite', perMtok(0.075, 0.3)],
  ['google/gemini-embedding-001', perMtok(0.15, 0)],

  // https://mistral.ai/pricing. Mistral publishes no cache discount for La Plateforme.
  // Dated ids whose price differs from the current alias are listed explicitly; there is no
  // plain "mistral-medium" entry because mistral-medium-latest's target (3.1 at $0.40/$2 or
  // 3.5 at $1.50/$7.50) could not be confirmed.
  ['mistral/mistral-large', perMtok(0.5, 1.5)],
  ['mistral/mistral-large-2411', perMtok(2, 6)],
  ['mistral/mistral-large-2407', perMtok(2, 6)],
  ['mistral/mistral-medium-2508', perMtok(0.4, 2)],
  ['mistral/mistral-medium-2505', perMtok(0.4, 2)],
  ['mistral/mistral-small', perMtok(0.1, 0.3)],
  ['mistral/magistral-medium', perMtok(2, 5)],
  ['mistral/magistral-small', perMtok(0.5, 1.5)],
  ['mistral/codestral', perMtok(0.3, 0.9)],
  ['mistral/devstral', perMtok(0.4, 2)],
  ['mistral/devstral-medium', perMtok(0.4, 2)],
  ['mistral/devstral-small', perMtok(0.1, 0.3)],
  ['mistral/ministral-14b', perMtok(0.2, 0.2)],
  ['mistral/ministral-8b', perMtok(0.15, 0.15)],
  ['mistral/ministral-8b-2410', perMtok(0.1, 0.1)],
  ['mistral/ministral-3b', perMtok(0.1, 0.1)],
  ['mistral/ministral-3b-2410', perMtok(0.04, 0.04)],
  ['mistral/mistral-embed', perMtok(0.1, 0)],

  // https://cohere.com/pricing. The 2024-03/04 Command R snapshots kept their launch prices.
  ['cohere/command-a', perMtok(2.5, 10)],
  ['cohere/command-r-plus', perMtok(2.5, 10)],
  ['cohere/command-r-plus-04-2024', perMtok(3, 15)],
  ['cohere/command-r', perMtok(0.15, 0.6)],
  ['cohere/command-r-03-2024', perMtok(0.5, 1.5)],
  ['cohere/command-r7b', perMtok(0.0375, 0.15)],
  ['cohere/embed-v4.0', perMtok(0.12, 0)],
  ['cohere/embed-english-v3.0', perMtok(0.1, 0)],
  ['cohere/embed-multilingual-v3.0', perMtok(0.1, 0)],

  // https://api-docs.deepseek.com/quick_start/pricing. Since 2026-08-16 DeepSeek bills peak
  // hours (01:00-04:00 and 06:00-10:00 UTC) at the listed rate and other hours at half; the
  // peak rate is listed so budgets never undercount. deepseek-v4-flash is a legacy name now
  // served by V4.1-Flash (deepseek-flash). deepseek-chat and deepseek-reasoner were retired on
  // 2026-07-24; they keep the V4-Flash rate they billed at, for replayed logs.
  ['deepseek/deepseek-flash', perMtok(0.3, 1.2, 0.006)],
  ['deepseek/deepseek-v4-flash', perMtok(0.3, 1.2, 0.006)],
  ['deepseek/deepseek-v4-pro', perMtok(1.32, 3.96, 0.044)],
  ['deepseek/deepseek-chat', perMtok(0.14, 0.28, 0.0028)],
  ['deepseek/deepseek-reasoner', perMtok(0.14, 0.28, 0.0028)],

  // https://docs.x.ai/docs/models. grok-4 and the grok-4 fast models: prompts over 128k
  // tokens bill at 2x.
  ['xai/grok-4.3', perMtok(1.25, 2.5, 0.2)],
  ['xai/grok-4', perMtok(3, 15, 0.75)],
  ['xai/grok-4-1-fast', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-4-1-fast-reasoning', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-4-1-fast-non-reasoning', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-4-fast', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-4-fast-reasoning', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-4-fast-non-reasoning', perMtok(0.2, 0.5, 0.05)],
  ['xai/grok-code-fast-1', perMtok(0.2, 1.5, 0.02)],
  ['xai/grok-3', perMtok(3, 15, 0.75)],
  ['xai/grok-3-mini', perMtok(0.3, 0.5, 0.075)],

  // https://groq.com/pricing. Keys keep Groq's own model ids, vendor path included.
  ['groq/llama-3.3-70b-versatile', perMtok(0.59, 0.79)],
  ['groq/llama-3.1-8b-instant', perMtok(0.05, 0.08)],
  ['groq/openai/gpt-oss-120b', perMtok(0.15, 0.6, 0.075)],
  ['groq/openai/gpt-oss-20b', perMtok(0.075, 0.3, 0.0375)],
  ['groq/meta-llama/llama-4-maverick-17b-128e-instruct', perMtok(0.2, 0.6)],
  ['groq/meta-llama/llama-4-scout-17b-16e-instruct', perMtok(0.11, 0.34)],
  ['groq/qwen/qwen3-32b', perMtok(0.29, 0.59)],
  ['groq/moonshotai/kimi-k2-instruct-0905', perMtok(1, 3, 0.5)],
];

function buildCatalog(entries: ReadonlyArray<readonly [string, ModelPrice]>): ReadonlyMap<string, ModelPrice> {
  const catalog = new Map<string, ModelPrice>();
  for (const [key, price] of entries) {
    if (catalog.has(key)) throw new Error(`duplicate price catalog key: ${key}`);
    catalog.set(key, price);
  }
  return catalog;
}

/**
 * List prices keyed by `<vendor>/<model>` (lower-case; the model part is the vendor's own
 * id without date or version suffix). Read it through `lookupPrice`, which resolves dated,
 * prefixed, Bedrock and Vertex ids; direct reads need the exact key.
 */
export const PRICE_CATALOG: ReadonlyMap<string, ModelPrice> = buildCatalog(ENTRIES);
