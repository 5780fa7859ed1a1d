import type { RateLab } from '../../proxy/server/ratelab-server';

/** What GET /__ratelab/status returns (type only: the extension never loads the server). */
export type ProxyStatus = ReturnType<RateLab['status']>;
