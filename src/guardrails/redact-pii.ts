/**
 * What `redactPii` replaces, in this order (secrets first: a key can look like a phone
 * number's digits). Each placeholder is plain ASCII without quotes or backslashes, so
 * redacting JSON text leaves it valid JSON.
 */
const PATTERNS: readonly { label: string; pattern: RegExp; accept?: (match: string) => boolean }[] = [
  // Provider and gateway keys, bearer tokens, AWS access key ids, GitHub and Slack tokens.
  { label: '[SECRET]', pattern: /\b(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,})\b|Bearer\s+[A-Za-z0-9._~+/=-]{16,}/g },
  { label: '[EMAIL]', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  { label: '[CARD]', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, accept: passesLuhn },
  { label: '[SSN]', pattern: /\b\d{3}-\d{2}-\d{4}\b/g },
  { label: '[PHONE]', pattern: /(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4})\b/g },
  { label: '[IP]', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
];

function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Replaces personal data and credentials in text with placeholders (`[EMAIL]`, `[CARD]`,
 * `[SSN]`, `[PHONE]`, `[IP]`, `[SECRET]`). Pattern-based, so it errs on the side of
 * redacting: a stored prompt is for debugging, not evidence. Card numbers must pass the
 * Luhn check, so ordinary long numbers stay.
 */
export function redactPii(text: string): string {
  let result = text;
  for (const { label, pattern, accept } of PATTERNS) {
    result = result.replace(pattern, (match) => (accept === undefined || accept(match) ? label : match));
  }
  return result;
}
