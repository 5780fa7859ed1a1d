export interface LineStyle {
  color: boolean;
}

/** `text` in ANSI colour `code` when colour is on. */
export const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export { formatMs } from '../text/duration';
