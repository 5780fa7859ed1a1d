/**
 * V8 flags for the proxy when RateLab starts it itself (the extension, `npm start`, `npm run
 * soak`). A proxy allocates fast and keeps little: a young generation capped at 2 MB per
 * semi-space (V8 grows it to 16 MB under load) holds RSS under 100 MB in the soak, for about 3%
 * of throughput. `npm start` spells the same flags out in package.json; a test keeps them equal.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
