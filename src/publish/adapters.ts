// Publishes one approved statement through one outside channel, once: a signed webhook (or CMS
// push), the official website's WordPress, the official Weibo, the WeChat official account.
// Retries are the caller's: a failure is a PublishError that says whether trying again can help.
// Every channel carries the approved words unchanged (releaseText / releaseHtml), cut only where
// the channel has a length limit (a Weibo post, a WeChat title, author and digest). Neither
// errors nor the detail of a success ever carry a secret: only the receiver's host and its own
// answer, scrubbed of the config's secrets and of the tokens obtained on the way.
import { httpFailure, networkFailureMessage } from '../notify/http-failure.ts';
import {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  webhookSignature,
} from '../notify/signing.ts';
import { adapterSecrets } from './adapter-config.ts';
import type {
  AdapterConfig,
  AdapterKind,
  WebhookAdapterConfig,
  WebsiteCmsAdapterConfig,
  WechatAdapterConfig,
  WeiboAdapterConfig,
} from './adapter-config.ts';
import { escapeHtml, releaseHeading, releaseHtml, releaseText } from './release-text.ts';
import type { PublishRequest, PublishResult, ReleaseContent } from './types.ts';

/** For the whole exchange with the channel (all of WeChat's four calls together). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 20_000;
const USER_AGENT = 'Yuqing/0.1 (publication)';
const JSON_UTF8 = 'application/json; charset=utf-8';
// Enough of a receiver's error text to act on; a long page says nothing more.
const MAX_ECHO_CHARS = 200;

/** A Weibo post: at most 140 characters, each counted as one (stricter than Weibo itself). */
export const WEIBO_MAX_CHARS = 140;
export const WECHAT_TITLE_MAX_CHARS = 64;
export const WECHAT_AUTHOR_MAX_CHARS = 16;
export const WECHAT_DIGEST_MAX_CHARS = 120;

/** A failed publication. `retryable` false means the config or the statement must change first. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

export interface PublishOptions {
  /** For the whole exchange with the channel. Default 20 s. */
  timeoutMs?: number;
}

const CHANNEL_LABELS: Record<AdapterKind, string> = {
  webhook: 'webhook',
  website_cms: 'website CMS',
  weibo: 'Weibo',
  wechat: 'WeChat',
  manual: 'manual',
};

/** One publication's exchange: its deadline and every secret to keep out of what we report. */
interface Exchange {
  signal: AbortSignal;
  timeoutMs: number;
  /** The config's secrets, then what is derived or obtained on the way (Basic auth, tokens). */
  secrets: string[];
}

/**
 * Publishes `req` through the channel `config` describes. Resolves with where the statement now
 * is (url null when the channel does not say) and the channel's id for it; rejects with a
 * PublishError whose message starts with the channel ("Weibo: …").
 */
export async function publishTo(
  config: AdapterConfig,
  req: PublishRequest,
  opts: PublishOptions = {},
): Promise<PublishResult> {
  const label = CHANNEL_LABELS[config.kind];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  const ex: Exchange = {
    signal: AbortSignal.timeout(timeoutMs),
    timeoutMs,
    secrets: adapterSecrets(config),
  };
  try {
    const result = await publish(config, req, ex);
    return { ...result, detail: scrub(result.detail, ex.secrets) };
  } catch (err: unknown) {
    if (err instanceof PublishError) {
      throw new PublishError(scrub(`${label}: ${err.message}`, ex.secrets), err.retryable);
    }
    // A bug of ours, not the receiver's answer: name it without its message, which might
    // quote the config.
    const name = err instanceof Error ? err.name : typeof err;
    throw new PublishError(`${label}: unexpected ${name} while publishing`, true);
  }
}

function publish(config: AdapterConfig, req: PublishRequest, ex: Exchange): Promise<PublishResult> {
  switch (config.kind) {
    case 'webhook':
      return publishWebhook(config, req, ex);
    case 'website_cms':
      return publishWordpress(config, req, ex);
    case 'weibo':
      return publishWeibo(config, req, ex);
    case 'wechat':
      return publishWechat(config, req, ex);
    case 'manual':
      return Promise.reject(
        new PublishError(
          'nothing to send: a person publishes it and records the address and a screenshot',
          false,
        ),
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Text

function chars(text: string): number {
  return [...text].length;
}

/** At most `max` characters (code points): cut with '…' when longer. */
export function cutText(text: string, max: number): string {
  const points = [...text];
  if (points.length <= max) return text;
  return `${points
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** One line: line breaks and runs of spaces become one space (for a post or a digest). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The Weibo post for a statement: the heading, '：', the start of the plain text, then
 * ' 全文：' and the page address, within WEIBO_MAX_CHARS (the address counted as written; the
 * heading and text cut with '…'). Throws a PublishError when the address alone leaves no room.
 */
export function weiboStatus(content: ReleaseContent, pageUrl: string): string {
  const tail = ` 全文：${pageUrl}`;
  const room = WEIBO_MAX_CHARS - chars(tail);
  if (room < 2) {
    throw new PublishError(
      `the page address (${chars(pageUrl)} characters) leaves no room in a ${WEIBO_MAX_CHARS}-character post`,
      false,
    );
  }
  return `${cutText(oneLine(`${releaseHeading(content)}：${releaseText(content)}`), room)}${tail}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface HttpAnswer {
  status: number;
  body: string;
  /** host[:port] of the receiver (and the call, for WeChat): what messages name. */
  where: string;
}

interface Call {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Which of several calls, named in messages (never with its query). */
  step?: string;
}

async function exchange(ex: Exchange, url: string, call: Call): Promise<HttpAnswer> {
  const host = new URL(url).host;
  const where = call.step ? `${host} (${call.step})` : host;
  try {
    const res = await fetch(url, {
      method: call.method,
      headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...call.headers },
      body: call.body,
      // A redirect would turn the POST into a GET somewhere else: report it instead.
      redirect: 'manual',
      signal: ex.signal,
    });
    return { status: res.status, body: await res.text(), where };
  } catch (err: unknown) {
    throw networkError(err, where, ex.timeoutMs);
  }
}

/** Network trouble is always worth another try. */
function networkError(err: unknown, where: string, timeoutMs: number): PublishError {
  return new PublishError(networkFailureMessage(err, where, timeoutMs), true);
}

function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

function httpError(answer: HttpAnswer, more?: string): PublishError {
  const f = httpFailure(answer.status, answer.where, more);
  return new PublishError(f.message, f.retryable);
}

/**
 * A 2xx answer we cannot read: the statement may or may not be out, so a person should look
 * before anyone tries again.
 */
function unexpected(answer: HttpAnswer, what: string): PublishError {
  return new PublishError(
    `unexpected answer from ${answer.where}: HTTP ${answer.status} ${what}; check the channel before trying again`,
    false,
  );
}

function echo(text: string): string {
  const line = text.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > MAX_ECHO_CHARS ? `${line.slice(0, MAX_ECHO_CHARS)}…` : line;
}

/** The text with every secret masked, as written and as URL-, form- or JSON-encoded. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (!secret) continue;
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]);
    for (const form of forms) out = out.split(form).join('••••');
  }
  return out;
}

type Json = Record<string, unknown>;

function readJson(text: string): Json | null {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Json)
      : null;
  } catch {
    return null;
  }
}

function stringField(json: Json, name: string): string {
  const value = json[name];
  return typeof value === 'string' ? value : '';
}

/** An integer code, as a number or a numeric string. */
function codeField(json: Json, name: string): number | null {
  const value = json[name];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value);
  return null;
}

/** An id as a non-empty string, or a safe integer written out. */
function idField(json: Json, name: string): string | null {
  const value = json[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** An http(s) address, or null. */
function urlField(json: Json, name: string): string | null {
  const value = json[name];
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

function objectField(json: Json, name: string): Json | null {
  const value = json[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

// ---------------------------------------------------------------------------------------------
// Webhook / CMS push

/** What the webhook receives: the content as approved, its two renderings, and where it is. */
export function webhookPayload(req: PublishRequest) {
  const c = req.content;
  return {
    type: 'yuqing.release' as const,
    releaseId: req.releaseId,
    unitName: req.unitName,
    kind: c.kind,
    title: c.title,
    body: c.body,
    qa: c.qa.map((p) => ({ question: p.question, answer: p.answer })),
    claim: c.claim,
    facts: c.facts,
    factSource: c.factSource,
    text: releaseText(c),
    html: releaseHtml(c),
    publishedAt: req.publishedAt,
    pageUrl: req.pageUrl,
  };
}

async function publishWebhook(
  config: WebhookAdapterConfig,
  req: PublishRequest,
  ex: Exchange,
): Promise<PublishResult> {
  const body = JSON.stringify(webhookPayload(req));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const answer = await exchange(ex, config.url, {
    method: 'POST',
    headers: {
      'content-type': JSON_UTF8,
      [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(config.secret, timestamp, body),
    },
    body,
  });
  if (!isSuccess(answer)) throw httpError(answer, echo(answer.body) || undefined);
  // The receiver may say where it put the statement: {url?, id?}. Anything else is fine too.
  const json = readJson(answer.body);
  const url = json ? urlField(json, 'url') : null;
  const externalId = json ? idField(json, 'id') : null;
  return {
    url,
    externalId,
    detail: `HTTP ${answer.status} from ${answer.where}${externalId ? `, id ${externalId}` : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Official website: WordPress REST API, POST /wp-json/wp/v2/posts (developer.wordpress.org/
// rest-api/reference/posts/#create-a-post), Basic auth with an application password. Errors come
// as {code, message, data: {status}}: rest_cannot_create (401/403), rest_invalid_param (400).

/** The post's content: the statement's HTML, then a paragraph linking our page for it. */
export function wordpressContent(req: PublishRequest): string {
  const link = escapeHtml(req.pageUrl);
  return `${releaseHtml(req.content)}<p>原文链接：<a href="${link}">${link}</a></p>`;
}

function wordpressError(json: Json | null): string | undefined {
  if (!json) return undefined;
  const code = stringField(json, 'code');
  const message = stringField(json, 'message');
  if (!code && !message) return undefined;
  return echo(code && message ? `${code}: ${message}` : code || message);
}

async function publishWordpress(
  config: WebsiteCmsAdapterConfig,
  req: PublishRequest,
  ex: Exchange,
): Promise<PublishResult> {
  const post = {
    title: releaseHeading(req.content),
    content: wordpressContent(req),
    status: 'publish',
    ...(config.categoryId !== undefined ? { categories: [config.categoryId] } : {}),
  };
  const credentials = Buffer.from(
    `${config.username}:${config.applicationPassword}`,
    'utf8',
  ).toString('base64');
  // WordPress ignores the spaces it shows an application password with; a receiver echoing the
  // header or the password without them must not leak it either.
  ex.secrets.push(credentials, config.applicationPassword.replace(/\s+/g, ''));
  const answer = await exchange(ex, joinUrl(config.baseUrl, '/wp-json/wp/v2/posts'), {
    method: 'POST',
    headers: { 'content-type': JSON_UTF8, authorization: `Basic ${credentials}` },
    body: JSON.stringify(post),
  });
  const json = readJson(answer.body);
  if (!isSuccess(answer)) {
    throw httpError(answer, wordpressError(json) ?? (echo(answer.body) || undefined));
  }
  const id = json ? idField(json, 'id') : null;
  if (!json || id === null) {
    throw unexpected(answer, 'without the post id (is /wp-json/ the WordPress REST API?)');
  }
  return {
    url: urlField(json, 'link'),
    externalId: id,
    detail: `HTTP ${answer.status} from ${answer.where}, post ${id}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Official Weibo: POST /2/statuses/share.json (open.weibo.com/wiki/2/statuses/share), a form with
// access_token and status. Errors come as {error, error_code, request} with HTTP 400/403/…

// 10xxx are system errors (10001 system error, 10002 service unavailable, 10009 too many pending
// tasks, 10022-10024 rate limits) and worth another try, except these, which are the request's
// or the app's: 10004 IP limit, 10005 permission denied (needs a higher-level appkey), 10006
// source (appkey) missing, 10007 unsupported media type, 10008 param error, 10012 illegal
// request, 10013 invalid weibo user, 10014 insufficient app permissions, 10016 missing
// parameter, 10017 invalid parameter value, 10018 body too long, 10020 api not found, 10021
// HTTP method not supported.
const WEIBO_PERMANENT_SYSTEM = new Set([
  10004, 10005, 10006, 10007, 10008, 10012, 10013, 10014, 10016, 10017, 10018, 10020, 10021,
]);

/** 2xxxx (21314-21332 token errors, 20xxx content errors such as 20019 repeated) never pass. */
function weiboRetryable(code: number, status: number): boolean {
  if (code >= 10000 && code < 20000) return !WEIBO_PERMANENT_SYSTEM.has(code);
  if (code >= 20000 && code < 30000) return false;
  return status === 429 || status >= 500;
}

async function publishWeibo(
  config: WeiboAdapterConfig,
  req: PublishRequest,
  ex: Exchange,
): Promise<PublishResult> {
  const status = weiboStatus(req.content, req.pageUrl);
  const form = new URLSearchParams({ access_token: config.accessToken, status });
  const answer = await exchange(ex, joinUrl(config.apiBase, '/2/statuses/share.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: form.toString(),
  });
  const json = readJson(answer.body);
  const code = json ? codeField(json, 'error_code') : null;
  if (json && code !== null) {
    throw new PublishError(
      `HTTP ${answer.status} from ${answer.where}, error_code ${code}: ${echo(stringField(json, 'error'))}`,
      weiboRetryable(code, answer.status),
    );
  }
  if (!isSuccess(answer)) throw httpError(answer, echo(answer.body) || undefined);
  // idstr: the id as a string (the number may exceed 2^53).
  const id = json ? (idField(json, 'idstr') ?? idField(json, 'id')) : null;
  if (!json || id === null) throw unexpected(answer, 'without the post id');
  const user = objectField(json, 'user');
  const uid = user ? (idField(user, 'idstr') ?? idField(user, 'id')) : null;
  return {
    url: uid ? `https://weibo.com/${uid}/${id}` : null,
    externalId: id,
    detail: `HTTP ${answer.status} from ${answer.where}, post ${id}`,
  };
}

// ---------------------------------------------------------------------------------------------
// WeChat official account (developers.weixin.qq.com/doc/offiaccount): cgi-bin/token, then
// draft/add, freepublish/submit and one freepublish/get. Answers are HTTP 200 with
// {errcode, errmsg} on error.

// 40001 invalid credential (wrong AppSecret or token), 40002 invalid grant_type, 40007 invalid
// media_id (the cover), 40013 invalid appid, 40125 invalid appsecret, 40164 caller IP not in the
// whitelist, 41001 access_token missing, 45003 / 45004 / 45110 title / digest / author too long,
// 45166 invalid content, 48001 api unauthorized (the account lacks the permission), 53503-53505
// the draft cannot be published by the API, 89503 the call needs an administrator's approval.
// -1 (system busy), 45009 (api freq out of limit) and any other code stay retryable.
const WECHAT_PERMANENT = new Set([
  40001, 40002, 40007, 40013, 40125, 40164, 41001, 45003, 45004, 45110, 45166, 48001, 53503, 53504,
  53505, 89503,
]);

const WECHAT_PUBLISH_STATUS: Record<number, string> = {
  0: 'published',
  1: 'publishing',
  2: 'failed the originality check',
  3: 'failed',
  4: 'rejected by the platform review',
  5: 'deleted by the account',
  6: 'banned by the platform',
};

/** The draft article: title, author and digest cut to WeChat's limits; content unchanged. */
export function wechatArticle(config: WechatAdapterConfig, req: PublishRequest) {
  return {
    title: cutText(releaseHeading(req.content), WECHAT_TITLE_MAX_CHARS),
    author: cutText(config.author ?? req.unitName, WECHAT_AUTHOR_MAX_CHARS),
    digest: cutText(oneLine(releaseText(req.content)), WECHAT_DIGEST_MAX_CHARS),
    content: releaseHtml(req.content),
    content_source_url: req.pageUrl,
    thumb_media_id: config.thumbMediaId,
    need_open_comment: 0,
    only_fans_can_comment: 0,
  };
}

/** One WeChat call: its JSON when HTTP 2xx and errcode absent or 0. */
async function wechatCall(ex: Exchange, url: string, step: string, payload?: object) {
  const answer = await exchange(
    ex,
    url,
    payload === undefined
      ? { method: 'GET', step }
      : {
          method: 'POST',
          step,
          headers: { 'content-type': JSON_UTF8 },
          body: JSON.stringify(payload),
        },
  );
  const json = readJson(answer.body);
  const code = json ? codeField(json, 'errcode') : null;
  const said =
    json && code !== null && code !== 0
      ? `errcode ${code}: ${echo(stringField(json, 'errmsg'))}`
      : undefined;
  if (!isSuccess(answer)) throw httpError(answer, said ?? (echo(answer.body) || undefined));
  if (!json) throw unexpected(answer, "that is not WeChat's JSON");
  if (code !== null && code !== 0) {
    throw new PublishError(
      `errcode ${code} from ${answer.where}: ${echo(stringField(json, 'errmsg'))}`,
      !WECHAT_PERMANENT.has(code),
    );
  }
  return { json, answer };
}

async function publishWechat(
  config: WechatAdapterConfig,
  req: PublishRequest,
  ex: Exchange,
): Promise<PublishResult> {
  const api = (path: string, token?: string) => {
    const url = new URL(joinUrl(config.apiBase, path));
    if (token !== undefined) url.searchParams.set('access_token', token);
    return url.href;
  };

  const tokenUrl = new URL(api('/cgi-bin/token'));
  tokenUrl.searchParams.set('grant_type', 'client_credential');
  tokenUrl.searchParams.set('appid', config.appId);
  tokenUrl.searchParams.set('secret', config.appSecret);
  const got = await wechatCall(ex, tokenUrl.href, 'cgi-bin/token');
  const token = idField(got.json, 'access_token');
  if (token === null) throw unexpected(got.answer, 'without an access_token');
  ex.secrets.push(token);

  const draft = await wechatCall(ex, api('/cgi-bin/draft/add', token), 'cgi-bin/draft/add', {
    articles: [wechatArticle(config, req)],
  });
  const mediaId = idField(draft.json, 'media_id');
  if (mediaId === null) throw unexpected(draft.answer, 'without the draft media_id');

  const submitted = await wechatCall(
    ex,
    api('/cgi-bin/freepublish/submit', token),
    'cgi-bin/freepublish/submit',
    { media_id: mediaId },
  );
  const publishId = idField(submitted.json, 'publish_id');
  if (publishId === null) throw unexpected(submitted.answer, 'without the publish_id');
  const host = new URL(config.apiBase).host;

  // Submitted: from here on nothing may fail the publication (trying again would publish twice)
  // except WeChat saying it failed. Publishing takes a while, so one look may find it underway.
  let status: Json;
  try {
    status = (
      await wechatCall(ex, api('/cgi-bin/freepublish/get', token), 'cgi-bin/freepublish/get', {
        publish_id: publishId,
      })
    ).json;
  } catch (err: unknown) {
    const why = err instanceof PublishError ? err.message : 'unexpected error';
    return {
      url: null,
      externalId: publishId,
      detail: `submitted to ${host}, publish_id ${publishId}; status not read: ${why}`,
    };
  }
  const code = codeField(status, 'publish_status');
  const meaning = code === null ? 'unknown' : (WECHAT_PUBLISH_STATUS[code] ?? 'unknown');
  const said = `publish_status ${code ?? '?'} (${meaning})`;
  if (code !== null && code >= 2 && code <= 6) {
    const failIdx = status.fail_idx;
    throw new PublishError(
      `${said} from ${host} for publish_id ${publishId}${
        Array.isArray(failIdx) && failIdx.length ? `, fail_idx ${JSON.stringify(failIdx)}` : ''
      }`,
      false,
    );
  }
  let url: string | null = null;
  if (code === 0) {
    const items = objectField(status, 'article_detail')?.item;
    const first: unknown = Array.isArray(items) ? items[0] : undefined;
    if (typeof first === 'object' && first !== null) url = urlField(first as Json, 'article_url');
  }
  return { url, externalId: publishId, detail: `publish_id ${publishId} from ${host}: ${said}` };
}
