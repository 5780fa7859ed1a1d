/**
 * What went wrong, as a stable word: the control API, the CLI's `--json` error line and the
 * extension tell errors apart by it, never by their message text.
 */
export type ErrorCode =
  | 'port_in_use'
  | 'invalid_upstream'
  | 'upstream_timeout'
  | 'invalid_duration'
  | 'usage'
  | 'invalid_profile'
  | 'unknown_profile'
  | 'unreadable_file'
  | 'invalid_host'
  | 'control_error'
  | 'grammar_unavailable'
  | 'proxy_start_failed'
  | 'invalid_cassette'
  | 'invalid_sites'
  | 'unexpected';

/** The base of RateLab's own errors (after openai-node's APIError): a message for people, a code for programs. */
export abstract class RateLabError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
