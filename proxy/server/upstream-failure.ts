import { RateLabError } from '../core/ratelab-error';
import { proxyFailureBody, type OpenAIErrorBody, type ProxyFailure } from '../errors/openai-error';

export class UpstreamTimeoutError extends RateLabError {
  readonly code = 'upstream_timeout';
  constructor(readonly timeoutMs: number) {
    super(`no answer from the upstream for ${timeoutMs / 1000} s`);
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL']);

function isTls(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'EPROTO'
  );
}

export interface UpstreamFailure {
  status: 502 | 504;
  code: ProxyFailure;
  body: OpenAIErrorBody;
}

/** Turns a transport error into the answer RateLab gives in the upstream's place. */
export function describeUpstreamFailure(err: Error & { code?: string }, upstream: string, flag = '--upstream'): UpstreamFailure {
  const code = err.code ?? '';
  const reason = `${err.message}${code && !err.message.includes(code) ? ` (${code})` : ''}`;
  if (err instanceof UpstreamTimeoutError) {
    return { status: 504, code: 'upstream_timeout', body: proxyFailureBody('upstream_timeout', `the upstream ${upstream} did not answer: ${err.message}.`) };
  }
  if (UNREACHABLE.has(code)) {
    return {
      status: 502,
      code: 'upstream_unreachable',
      body: proxyFailureBody('upstream_unreachable', `cannot reach the upstream ${upstream}: ${reason}. Check ${flag} and your network, or start with --mock for the offline simulator.`),
    };
  }
  if (isTls(code)) {
    return {
      status: 502,
      code: 'upstream_tls_error',
      body: proxyFailureBody('upstream_tls_error', `TLS handshake with the upstream ${upstream} failed: ${reason}. If it uses a private CA, pass it with --upstream-ca FILE.`),
    };
  }
  return {
    status: 502,
    code: 'upstream_connection_error',
    body: proxyFailureBody('upstream_connection_error', `the connection to the upstream ${upstream} failed before an answer: ${reason}.`),
  };
}
