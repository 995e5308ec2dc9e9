// Anthropic signatures and redacted-thinking data are base64, which has no colon, so the
// prefix cannot collide with a real signature.
const PREFIX = 'anthropic-redacted-thinking:';

/**
 * The canonical form of a `redacted_thinking` block: a reasoning part with empty text
 * whose `signature` is this value. It keeps the opaque `data` so the block can be sent
 * back unchanged in a later turn, as Anthropic requires for multi-turn thinking with
 * tools, and it cannot be mistaken for a `thinking` block whose text is empty
 * (`display: "omitted"`).
 */
export function redactedThinkingSignature(data: string): string {
  return `${PREFIX}${data}`;
}

/** The `data` of a redacted thinking block, or undefined when `signature` is a real one. */
export function readRedactedThinkingData(signature: string | undefined): string | undefined {
  return signature?.startsWith(PREFIX) ? signature.slice(PREFIX.length) : undefined;
}
