import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly server: Server;
  /** Sockets accepted since start. */
  readonly connectionsOpened: () => number;
  /** Sockets open right now. */
  readonly connectionsOpen: () => number;
  close(): Promise<void>;
}

const track = async (server: Server, protocol: 'http' | 'https'): Promise<TestServer> => {
  const sockets = new Set<Socket>();
  let opened = 0;
  server.on('connection', (socket: Socket) => {
    opened += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${protocol}://127.0.0.1:${port}`,
    server,
    connectionsOpened: () => opened,
    connectionsOpen: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
};

export const startServer = (handler: RequestListener): Promise<TestServer> =>
  track(createServer({ keepAliveTimeout: 5_000 }, handler), 'http');

export const startHttpsServer = (
  options: ServerOptions,
  handler: RequestListener,
): Promise<TestServer> => track(createHttpsServer(options, handler), 'https');

export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

export const readRequestBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
