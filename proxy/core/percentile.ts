/** The nearest-rank percentile `p` (0–100) of numbers sorted ascending; 0 for none. */
export const percentile = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
