const MICROS_PER_USD = 1_000_000n;

/**
 * Formats micro-dollars as a plain USD decimal with exactly six places, for headers and
 * logs: 1234 gives "0.001234", -2500000 gives "-2.500000". Exact for every safe integer
 * (string arithmetic on a BigInt, no float division); non-integers are rounded first.
 * Throws `RangeError` for NaN and infinities, which no computed cost can be.
 */
export function formatMicrosAsUsd(micros: number): string {
  if (!Number.isFinite(micros)) throw new RangeError(`not a micro-dollar amount: ${micros}`);
  const value = BigInt(Math.round(micros));
  const magnitude = value < 0n ? -value : value;
  const whole = magnitude / MICROS_PER_USD;
  const fraction = (magnitude % MICROS_PER_USD).toString().padStart(6, '0');
  return `${value < 0n ? '-' : ''}${whole}.${fraction}`;
}
