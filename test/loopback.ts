// A real HTTP server on 127.0.0.1 for connector tests, recording its requests. Servers a test
// leaves open are closed by closeLoopbackServers (call it in afterEach).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  port: number;
  requests: http.IncomingMessage[];
  /** Closes the server (and its open connections); safe to call twice. */
  close: () => Promise<void>;
}

const open = new Set<LoopbackServer>();

export async function serveLoopback(handler: http.RequestListener): Promise<LoopbackServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: LoopbackServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => {
      if (!open.delete(s)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  open.add(s);
  return s;
}

export async function closeLoopbackServers(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}
