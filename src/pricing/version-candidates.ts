// Each pattern removes only a date, snapshot or channel tail, never a word that names a
// different model (mini, nano, pro, turbo, fast...). That is what keeps gpt-4o-mini from
// pricing as gpt-4o: no candidate is ever a shorter *name*, only a less specific *version*.
const VERSION_TAILS: readonly RegExp[] = [
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI snapshots: gpt-4o-2024-08-06
  /-\d{8}$/, // Anthropic: claude-sonnet-4-5-20250929
  /-(?:latest|preview|exp)$/,
  /-\d{2}-\d{4}$/, // Cohere command-r-08-2024, Gemini flash-preview-09-2025
  /-\d{2}-\d{2}$/, // Gemini previews: gemini-2.5-flash-preview-05-20
  /-\d{4}$/, // Mistral YYMM (2512), xAI and OpenAI MMDD (grok-4-0709)
  /-\d{3}$/, // Gemini stable revisions: gemini-2.0-flash-001
  /-0$/, // Anthropic "X.0" aliases: claude-opus-4-0
];

// OpenRouter and others write Anthropic/xAI versions with dots (claude-sonnet-4.5) where the
// vendor's own ids use dashes (claude-sonnet-4-5).
const DOTTED_VERSION = /(\d)\.(\d)/g;

function stripVersionTail(name: string): string | undefined {
  for (const tail of VERSION_TAILS) {
    const stripped = name.replace(tail, '');
    if (stripped !== name && stripped !== '') return stripped;
  }
  return undefined;
}

/**
 * The names to try, most specific first: the name itself, then the same name with one more
 * version tail removed at each step. Each step is followed by its dash-for-dot spelling when
 * that differs. `claude-3.5-haiku-latest` gives `claude-3.5-haiku-latest`,
 * `claude-3-5-haiku-latest`, `claude-3.5-haiku`, `claude-3-5-haiku`.
 */
export function versionCandidates(name: string): string[] {
  const candidates: string[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    candidates.push(current);
    const dashed = current.replace(DOTTED_VERSION, '$1-$2');
    if (dashed !== current) candidates.push(dashed);
    current = stripVersionTail(current);
  }
  return candidates;
}
