import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CONTROL_PREFIX } from '../control/control-api';
import { PortInUseError } from './ratelab-errors';

export interface RateLabAddress {
  host: string;
  port: number;
  /** What clients use as their OpenAI base URL. */
  baseUrl: string;
  controlUrl: string;
}

/** Listens on host:port (0 picks a free one): the address clients use, or PortInUseError. */
export async function listenOn(server: Server, host: string, port: number): Promise<RateLabAddress> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
    throw err;
  }
  const actual = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return { host, port: actual, baseUrl: `http://${shown}:${actual}/v1`, controlUrl: `http://${shown}:${actual}${CONTROL_PREFIX}` };
}

/** The server's open connections, kept so a stop can close them at once. */
export function trackSockets(server: Server): ReadonlySet<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Stops listening and ends every open connection at once (a keep-alive client would hold it open). */
export async function closeServer(server: Server, sockets: ReadonlySet<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  server.closeAllConnections();
  await closed;
}
