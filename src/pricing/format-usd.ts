const MICROS_PER_USD = 1_000_000;

/**
 * Formats micro-dollars as a plain USD decimal with exactly six places, for headers and
 * logs: 1234 gives "0.001234", -2500000 gives "-2.500000". Exact for every safe integer:
 * integer division and remainder of doubles below 2^53 are exact, and cheaper than BigInt
 * on this per-request path. Non-integers are rounded first. Throws `RangeError` for NaN,
 * infinities and amounts beyond the safe integers, which no computed cost can be.
 */
export function formatMicrosAsUsd(micros: number): string {
  const value = Math.round(micros);
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a micro-dollar amount: ${micros}`);
  const magnitude = Math.abs(value);
  const whole = Math.floor(magnitude / MICROS_PER_USD);
  const fraction = String(magnitude % MICROS_PER_USD).padStart(6, '0');
  return `${value < 0 ? '-' : ''}${whole}.${fraction}`;
}
