import { RateLabError } from '../core/ratelab-error';

/** The port RateLab was asked to listen on is taken. */
export class PortInUseError extends RateLabError {
  readonly code = 'port_in_use';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use (another RateLab, or another server?). Stop it, or pick another port with --port N (--port 0 picks a free one).`);
  }
}

export class InvalidUpstreamError extends RateLabError {
  readonly code = 'invalid_upstream';
  constructor(readonly upstream: string) {
    super(`--upstream must be an http:// or https:// URL, got ${JSON.stringify(upstream)}`);
  }
}
