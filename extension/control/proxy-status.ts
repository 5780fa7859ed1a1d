/** What GET /__ratelab/status returns, as the control protocol defines it (the extension never loads the server). */
export type { StatusBody as ProxyStatus } from '../../proxy/control/protocol';
