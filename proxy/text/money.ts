/** `$0.0031`: US dollars with two significant digits below a cent, never in exponent notation. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 1e-6) return '<$0.000001';
  // Two significant digits for small amounts, never exponent notation.
  if (usd < 0.01) return `$${usd.toFixed(1 - Math.floor(Math.log10(usd)))}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}
