/**
 * V8 flags for the proxy when RateLab starts it itself: the extension, `npm start` and `npm run
 * soak` (which measures the proxy as the extension runs it). Next to an editor, memory comes
 * first: a young generation capped at 2 MB per semi-space (V8 grows it to 16 MB under load) and
 * V8's size-over-speed heap growth keep the soak's RSS flat under 100 MB instead of 130-210 MB,
 * for about 10% of peak throughput (thousands of requests a second, far above what a developer
 * sends). `npx ratelab` runs on Node's defaults. `npm start` spells the same flags out in
 * package.json; a test keeps them equal.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--optimize-for-size'];

/**
 * Environment for the proxy RateLab starts itself (the extension, the soak): glibc's malloc keeps
 * an arena per thread that allocates (V8's GC helpers, libuv's pool), and memory freed in them is
 * rarely returned; two arenas cut the soak's RSS by about 5 MB at no measurable speed. Other C
 * libraries ignore it; a value the user set wins.
 */
export const PROXY_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
