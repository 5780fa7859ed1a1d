/** `1 request`, `2 requests`: a count with its noun in the right number. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `29,999,920`: a whole number with thousands separators. */
export const thousands = (n: number): string => n.toLocaleString('en-US');
