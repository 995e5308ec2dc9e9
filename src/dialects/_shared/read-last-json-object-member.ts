/** End index (exclusive) of the JSON object starting at `start` (a `{`), or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b) depth += 1;
    else if (char === 0x7d) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

/**
 * The object value of the last `"key": {...}` member in a JSON text, parsed alone.
 * Reading usage this way costs the size of the usage object, not of the whole answer
 * (which can be megabytes). A key that only appears inside a string value is escaped
 * there (`\"key\"`) and is skipped. Undefined when absent or not an object; callers
 * must still validate what they get.
 */
export function readLastJsonObjectMember(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let position = text.lastIndexOf(needle);
  while (position > 0 && text.charCodeAt(position - 1) === 0x5c) position = text.lastIndexOf(needle, position - 1);
  if (position < 0) return undefined;
  let index = position + needle.length;
  while (index < text.length && /\s/.test(text[index]!)) index += 1;
  if (text[index] !== ':') return undefined;
  index += 1;
  while (index < text.length && /\s/.test(text[index]!)) index += 1;
  if (text[index] !== '{') return undefined;
  const end = objectEnd(text, index);
  if (end < 0) return undefined;
  try {
    return JSON.parse(text.slice(index, end));
  } catch {
    return undefined;
  }
}
