/** An identical request this long after a failure is a new request, not a retry (unless told to wait longer). */
export const LINK_WINDOW_MS = 10 * 60_000;

/**
 * For a client that does not number its attempts, a retry is only inferred this soon after the
 * failure (or twice the wait it was told, when that is longer): later, the same body is more
 * likely a new call.
 */
export const INFERRED_LINK_WINDOW_MS = 30_000;

/** How long an attempt 0 that may be an app's own retry waits for its SDK to show it retries itself. */
export const PENDING_MS = 2_000;
