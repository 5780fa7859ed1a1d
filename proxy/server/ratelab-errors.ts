/** The port RateLab was asked to listen on is taken. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use (another RateLab, or another server?). Stop it, or pick another port with --port N (--port 0 picks a free one).`);
    this.name = 'PortInUseError';
  }
}

export class InvalidUpstreamError extends Error {
  constructor(readonly upstream: string) {
    super(`--upstream must be an http:// or https:// URL, got ${JSON.stringify(upstream)}`);
    this.name = 'InvalidUpstreamError';
  }
}
