const REDACTED = '[redacted]';

const BEARER = /\bBearer\s+[^\s"',;]+/gi;
const KEY_PREFIXED = /\bsk-[^\s"'`,;.()<>[\]{}]+|\bkey-[^\s"'`,;.()<>[\]{}]{8,}/g;
const HEX_RUN = /\b[0-9a-fA-F]{24,}\b/g;
const TOKEN_RUN = /[A-Za-z0-9+/_=-]{24,}/g;

/**
 * Makes upstream error text safe to show a caller: whitespace collapsed, anything that
 * looks like a credential replaced by `[redacted]`, cut to `maxLength` characters.
 * Providers echo keys back (OpenAI: "Incorrect API key provided: sk-..."), and error
 * messages travel to clients and logs.
 */
export function redactUpstreamMessage(text: string, maxLength = 500): string {
  const redacted = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(KEY_PREFIXED, REDACTED)
    .replace(HEX_RUN, REDACTED)
    .replace(TOKEN_RUN, (run) => (looksRandom(run) ? REDACTED : run));
  return redacted.length <= maxLength ? redacted : `${redacted.slice(0, maxLength - 1)}…`;
}

/**
 * Base64 and JWT tokens mix upper case, lower case and digits; identifiers such as
 * `claude-3-5-sonnet-20241022` or `context_length_exceeded` do not, and stay readable.
 */
function looksRandom(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}
