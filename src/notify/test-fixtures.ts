// For the notify tests: a notice to send, HTTP receivers on 127.0.0.1 that answer like the real
// services, and an address where nothing listens.
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { serveLoopback } from '../../test/loopback.ts';
import type { Notice } from './notice.ts';
import { DeliveryError } from './send.ts';

export function buildNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    alertId: 'alert-0001',
    kind: 'fired',
    severity: 'major',
    title: '某县自来水停水引发集中投诉',
    summary: '两小时内 37 条相关信息，微博转发增长较快。',
    url: 'https://yuqing.example.org/alerts/alert-0001',
    at: '2025-03-01T00:30:00.000Z',
    recipients: [
      { name: '张三', email: 'zhangsan@example.org', phone: '13800000001' },
      { name: '李四', email: null, phone: '13800000002' },
      { name: '王五', email: 'wangwu@example.org', phone: null },
    ],
    ...overrides,
  };
}

export interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The raw body as received. */
  body: string;
}

/** An answer, or 'hang' to never answer (the connection is closed when the test ends). */
export type Reply = { status?: number; json?: unknown; text?: string } | 'hang';

export interface Receiver {
  /** http://127.0.0.1:<port> */
  base: string;
  received: Received[];
}

/** A real HTTP server on loopback answering each request with `answer(request)`. */
export async function startReceiver(answer: (request: Received) => Reply): Promise<Receiver> {
  const received: Received[] = [];
  const server = await serveLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const reply = answer(request);
      if (reply === 'hang') return;
      const isJson = reply.json !== undefined;
      res.writeHead(reply.status ?? 200, {
        'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      });
      res.end(isJson ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });
  return { base: server.url, received };
}

/** An address on loopback where nothing listens (a port the OS just handed out and took back). */
export async function refusedBase(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The DeliveryError a send failed with (fails the test when it succeeded or threw another). */
export async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected the delivery to fail');
}
