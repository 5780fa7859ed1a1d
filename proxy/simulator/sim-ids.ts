import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i]! % ALNUM.length];
  return s;
}

export const requestId = (): string => 'req_' + randomBytes(16).toString('hex');
export const chatCompletionId = (): string => 'chatcmpl-' + alnum(29);
export const completionId = (): string => 'cmpl-' + alnum(29);
export const responseId = (): string => 'resp_' + randomBytes(24).toString('hex');
export const messageItemId = (): string => 'msg_' + randomBytes(24).toString('hex');
