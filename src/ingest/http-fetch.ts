// Fetches one web resource politely and safely for the connectors: bounded in time and size,
// conditional, decompressed, and reporting every network problem as a value instead of throwing.

import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { pipeline, Transform, Writable } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Names Yuqing and says where its operator can be reached, as crawler etiquette asks. The URL is a
 * placeholder: a deployment should pass its own contact page through `userAgent`.
 */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (compatible; Yuqing/0.1; +https://yuqing.example.org/bot)';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export type FetchErrorKind = 'timeout' | 'network' | 'http' | 'too_large' | 'blocked';

export interface FetchError {
  kind: FetchErrorKind;
  /** What went wrong, naming the address (with secrets such as RSSHub's `key` redacted). */
  message: string;
  /** The HTTP status, for `http` errors. */
  status?: number;
  /** From a 429/503 answer's Retry-After, when it had one. */
  retryAfterSeconds?: number;
}

export interface FetchedResource {
  ok: true;
  status: number;
  /** Response headers, names lower-cased, repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** The body, decompressed; empty for 304. */
  bytes: Uint8Array;
  /** The address that answered, after redirects. */
  finalUrl: string;
  /** True for a 304 answer to a conditional request: nothing changed since `etag`/`lastModified`. */
  notModified: boolean;
  /** True when `truncate` was asked for and the body was cut at `maxBytes`. */
  truncated: boolean;
  /** The IP address that answered (for logs, and to tell intranet pages from public ones). */
  remoteAddress?: string | undefined;
}

export type FetchResult = FetchedResource | { ok: false; error: FetchError };

export interface FetchOptions {
  /** For the whole request: connection, redirects and body. Default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** Keep the first `maxBytes` instead of failing with `too_large` (robots.txt reads this way). */
  truncate?: boolean;
  /** The ETag of the copy we hold: sent as If-None-Match. */
  etag?: string | null | undefined;
  /** The Last-Modified of the copy we hold: sent as If-Modified-Since. */
  lastModified?: string | null | undefined;
  userAgent?: string;
  /** The Accept header; default any type. */
  accept?: string;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * Refuse loopback, private, link-local and other non-public addresses (checked on every
   * connection, after DNS, so a redirect or a rebinding DNS name cannot reach the intranet).
   * Default false: an address an administrator configured may well be an intranet RSSHub.
   */
  blockPrivateAddresses?: boolean;
  /** Extra request headers (e.g. a cookie an administrator configured for one source). */
  headers?: Readonly<Record<string, string>>;
  /** Cancels the request (e.g. on shutdown); reported as a `network` error. */
  signal?: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Why a request stopped early; turned into a FetchError by fetchResource. */
class FetchStop extends Error {
  constructor(readonly error: FetchError) {
    super(error.message);
  }
}

/**
 * GETs `url`, following up to five http(s) redirects. Network problems, HTTP errors (status
 * outside 2xx/304), oversized bodies, timeouts and refused addresses come back as
 * `{ ok: false, error }`; this function does not throw.
 */
export async function fetchResource(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let current = url;
  try {
    if (opts.signal?.aborted === true) controller.abort();
    return await fetchFollowing(url, opts, controller.signal, (u) => {
      current = u;
    });
  } catch (e: unknown) {
    if (timedOut) {
      return failure('timeout', `${redactUrl(current)}: no complete answer within ${timeoutMs} ms`);
    }
    if (e instanceof FetchStop) return { ok: false, error: e.error };
    if (controller.signal.aborted) return failure('network', `${redactUrl(current)}: cancelled`);
    return failure('network', `${redactUrl(current)}: ${describeNetworkError(e)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function fetchFollowing(
  startUrl: string,
  opts: FetchOptions,
  signal: AbortSignal,
  onHop: (url: string) => void,
): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let target = parseHttpUrl(startUrl);
  for (let hop = 0; ; hop++) {
    onHop(target.href);
    const res = await request(target, opts, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECT_STATUSES.has(status) && location !== undefined) {
      res.destroy();
      if (hop >= maxRedirects) {
        return failure(
          'http',
          `${redactUrl(startUrl)}: more than ${maxRedirects} redirects (last to ${redactUrl(target.href)})`,
          status,
        );
      }
      target = parseHttpUrl(location, target);
      continue;
    }
    const headers = flattenHeaders(res);
    const remoteAddress = res.socket?.remoteAddress;
    if (status === 304) {
      res.destroy();
      return {
        ok: true,
        status,
        headers,
        bytes: new Uint8Array(0),
        finalUrl: target.href,
        notModified: true,
        truncated: false,
        remoteAddress,
      };
    }
    if (status < 200 || status > 299) {
      res.destroy();
      const error: FetchError = {
        kind: 'http',
        message: `${redactUrl(target.href)}: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
        status,
      };
      const retryAfter = parseRetryAfter(headers['retry-after']);
      if (retryAfter !== undefined) error.retryAfterSeconds = retryAfter;
      return { ok: false, error };
    }
    const declared = Number(headers['content-length']);
    if (opts.truncate !== true && declared > maxBytes) {
      // Said up front: no need to read any of it.
      res.destroy();
      return failure(
        'too_large',
        `${redactUrl(target.href)}: body of ${declared} bytes exceeds the limit of ${maxBytes}`,
      );
    }
    const body = await readBody(res, target.href, maxBytes, opts.truncate === true, signal);
    return {
      ok: true,
      status,
      headers,
      bytes: body.bytes,
      finalUrl: target.href,
      notModified: false,
      truncated: body.truncated,
      remoteAddress,
    };
  }
}

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchStop({ kind: 'blocked', message: `not a valid address: ${redactUrl(raw)}` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const what = base === undefined ? 'address' : `redirect from ${redactUrl(base.href)}`;
    throw new FetchStop({
      kind: 'blocked',
      message: `${what} to ${url.protocol} refused: only http and https are fetched`,
    });
  }
  url.hash = '';
  return url;
}

function request(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    accept: opts.accept ?? '*/*',
    // The sites watched are Chinese; some serve another language to browsers that ask for none.
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(opts.headers ?? {}))
    headers[name.toLowerCase()] = value;
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

  const block = opts.blockPrivateAddresses === true;
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (block && isIP(literal) !== 0 && isPrivateAddress(literal)) {
    throw new FetchStop({
      kind: 'blocked',
      message: `${redactUrl(url.href)}: address ${literal} is not public; refused`,
    });
  }
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = transport.request(url, {
      method: 'GET',
      headers,
      signal,
      // Own agents without keep-alive: a pooled socket opened without the check (same host
      // name, fetched for a configured source) must not carry a checked request.
      ...(block
        ? { lookup: publicOnlyLookup, agent: secure ? PUBLIC_ONLY_HTTPS : PUBLIC_ONLY_HTTP }
        : {}),
    });
    req.on('response', (res) => {
      const remote = res.socket?.remoteAddress;
      if (block && remote !== undefined && isPrivateAddress(remote)) {
        res.destroy();
        reject(
          new FetchStop({
            kind: 'blocked',
            message: `${redactUrl(url.href)}: answered from ${remote}, which is not public; refused`,
          }),
        );
        return;
      }
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

const PUBLIC_ONLY_HTTP = new http.Agent({ keepAlive: false });
const PUBLIC_ONLY_HTTPS = new https.Agent({ keepAlive: false });

async function readBody(
  res: IncomingMessage,
  url: string,
  maxBytes: number,
  truncate: boolean,
  signal: AbortSignal,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(res.headers['content-encoding'], url);
  } catch (e: unknown) {
    res.destroy();
    throw e;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  const tooLarge = new FetchStop({
    kind: 'too_large',
    message: `${redactUrl(url)}: body exceeds the limit of ${maxBytes} bytes`,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      if (total + chunk.length > maxBytes) {
        if (truncate) {
          chunks.push(chunk.subarray(0, maxBytes - total));
          total = maxBytes;
          truncated = true;
        }
        // Stops reading either way: the rest is not wanted.
        done(tooLarge);
        return;
      }
      chunks.push(chunk);
      total += chunk.length;
      done();
    },
  });
  const onAbort = (): void => {
    res.destroy(new Error('aborted'));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      pipeline([res, ...decoders, sink], (err) => (err ? reject(err) : resolve()));
    });
  } catch (e: unknown) {
    if (!(e === tooLarge && truncated)) {
      if (e instanceof FetchStop || signal.aborted) throw e;
      throw new FetchStop({
        kind: 'network',
        message: `${redactUrl(url)}: body could not be read: ${describeNetworkError(e)}`,
      });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  const joined = Buffer.concat(chunks, total);
  return {
    bytes: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength),
    truncated,
  };
}

/**
 * Decompressors for a Content-Encoding, outermost coding last. Truncated streams are read as
 * far as they go (`finishFlush`), as browsers do: a cut-off gzip feed is still mostly readable.
 */
function decodersFor(header: string | undefined, url: string): Transform[] {
  if (header === undefined) return [];
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'deflate':
        return new DeflateDecoder();
      case 'br':
        return zlib.createBrotliDecompress({
          finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
        });
      default:
        throw new FetchStop({
          kind: 'http',
          message: `${redactUrl(url)}: unsupported Content-Encoding "${coding}"`,
        });
    }
  });
}

/**
 * HTTP "deflate" is meant to be zlib-wrapped, but servers (old IIS among them) send raw deflate;
 * the first two bytes tell which (RFC 1950: CMF/FLG form a multiple of 31).
 */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.inner === undefined) {
      const [b0 = 0, b1 = 0] = chunk;
      const zlibWrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      const inner = zlibWrapped ? zlib.createInflate(options) : zlib.createInflateRaw(options);
      inner.on('data', (data: Buffer) => this.push(data));
      inner.on('error', (e: Error) => this.destroy(e));
      this.inner = inner;
    }
    this.inner.write(chunk, () => done());
  }

  override _flush(done: TransformCallback): void {
    const inner = this.inner;
    if (inner === undefined) {
      done();
      return;
    }
    inner.once('end', () => done());
    inner.end();
  }
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Seconds to wait from a Retry-After value (delay-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function failure(kind: FetchErrorKind, message: string, status?: number): FetchResult {
  return { ok: false, error: status === undefined ? { kind, message } : { kind, message, status } };
}

const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'host name not found (ENOTFOUND)',
  EAI_AGAIN: 'host name could not be resolved now (EAI_AGAIN)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset by the server (ECONNRESET)',
};

function describeNetworkError(e: unknown): string {
  if (e instanceof FetchStop) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const known = NETWORK_ERRORS[code];
    if (known !== undefined) return known;
    return code !== '' && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

/** Query parameters that carry credentials (RSSHub's `key`/`code`, tokens) and must not be logged. */
const SECRET_PARAMS = new Set([
  'key',
  'code',
  'token',
  'access_token',
  'accesskey',
  'access_key',
  'apikey',
  'api_key',
  'password',
  'secret',
  'sign',
  'signature',
]);

/** The address with user info and credential-like query values replaced by `***`, for messages. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  }
  if (url.username !== '' || url.password !== '') {
    url.username = '***';
    url.password = '';
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) url.searchParams.set(name, '***');
  }
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Addresses that are not on the public internet.

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local, multicast or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return isPrivateAddress(mapped[1]);
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family === 6) return NON_PUBLIC.check(address, 'ipv6');
  return true;
}

/** DNS lookup that fails for names resolving to a non-public address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused !== undefined || addresses.length === 0) {
      callback(
        new FetchStop({
          kind: 'blocked',
          message: `${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not public; refused`,
        }),
        '',
        0,
      );
      return;
    }
    if (options.all === true) {
      callback(null, addresses);
    } else {
      const first = addresses[0];
      callback(null, first?.address ?? '', first?.family ?? 4);
    }
  });
};

// ---------------------------------------------------------------------------------------------
// Politeness: one host at a time, and backing off from failing sources.

export interface HostLimiterOptions {
  /** Least time between the starts of two requests to one host. Default 2 s. */
  minIntervalMs?: number;
  /** Clock and sleep, injectable so tests need not wait. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The longest gap a site's Crawl-delay may impose: beyond it a poll would never finish. */
export const MAX_HOST_INTERVAL_MS = 60_000;

/**
 * Spaces requests to each host by at least `minIntervalMs` (or the host's Crawl-delay). Callers
 * queue: each `acquire` reserves the next free slot for the host and resolves when it comes, so
 * concurrent callers go in the order they asked. Hosts do not delay one another.
 */
export class HostLimiter {
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Per host: the earliest time the next request may start. */
  private readonly nextSlot = new Map<string, number>();
  private readonly intervals = new Map<string, number>();

  constructor(opts: HostLimiterOptions = {}) {
    this.minIntervalMs = opts.minIntervalMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits until a request to the host of `url` may start, and counts it as started. */
  async acquire(url: string | URL): Promise<void> {
    const host = hostKey(url);
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? now);
    this.nextSlot.set(host, slot + this.intervalFor(host));
    if (this.nextSlot.size > 10_000) this.prune(now);
    if (slot > now) await this.sleep(slot - now);
  }

  /** A longer interval for one host (robots.txt Crawl-delay), capped at a minute; never shorter. */
  setHostInterval(url: string | URL, ms: number): void {
    const host = hostKey(url);
    const interval = Math.min(Math.max(ms, this.minIntervalMs), MAX_HOST_INTERVAL_MS);
    if (interval === this.minIntervalMs) this.intervals.delete(host);
    else this.intervals.set(host, interval);
  }

  intervalFor(url: string | URL): number {
    return this.intervals.get(hostKey(url)) ?? this.minIntervalMs;
  }

  private prune(now: number): void {
    for (const [host, slot] of this.nextSlot) if (slot <= now) this.nextSlot.delete(host);
  }
}

/** The host name requests are spaced by: ports on one machine share it, as its capacity. */
function hostKey(url: string | URL): string {
  if (typeof url !== 'string') return url.hostname.toLowerCase();
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/**
 * How long to wait before polling a source again after `consecutiveFailures` failures in a row:
 * `base` doubled per failure up to `max`, with "equal jitter" (a random point in the upper half)
 * so that sources that failed together do not retry together. 0 when nothing failed. Pass a
 * fixed `random` for a deterministic result.
 */
export function nextAttemptDelay(
  consecutiveFailures: number,
  baseMs = 60_000,
  maxMs = 6 * 60 * 60 * 1000,
  random: () => number = Math.random,
): number {
  if (!(consecutiveFailures > 0)) return 0;
  // 2^50 of anything exceeds any sane max; the cap keeps the arithmetic finite.
  const exponent = Math.min(Math.floor(consecutiveFailures) - 1, 50);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
