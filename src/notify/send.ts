// Delivers one notice through one channel, once. Retries are the caller's (the outbox): a
// failure is a DeliveryError that says whether trying again can help. Neither errors nor the
// detail of a success ever carry a secret: only the receiver's host and its own answer, scrubbed.
import { httpFailure, networkFailureMessage } from './http-failure.ts';
import { createTransport } from 'nodemailer';

import { channelSecrets } from './channel-config.ts';
import type {
  ChannelConfig,
  DingtalkChannelConfig,
  EmailChannelConfig,
  FeishuChannelConfig,
  SmsChannelConfig,
  WebhookChannelConfig,
  WecomChannelConfig,
} from './channel-config.ts';
import { renderEmail, renderHeadline, renderMarkdown, renderSms, renderText } from './notice.ts';
import type { Notice } from './notice.ts';
import {
  dingtalkSign,
  feishuSign,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  webhookSignature,
} from './signing.ts';

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Yuqing/0.1 (notification)';
// Enough of a receiver's error text to act on; a long page says nothing more.
const MAX_ECHO_CHARS = 200;

/** A failed delivery. `retryable` false means the config or the message must change first. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

export interface SendOptions {
  /** For the whole exchange with the receiver. Default 10 s. */
  timeoutMs?: number;
}

export interface Delivered {
  /** What the receiver answered, for the delivery log (no secrets). */
  detail: string;
}

/**
 * Application error codes that mean the channel is configured wrongly (bad key, token or
 * signature, a security setting the message does not meet) or the message is malformed:
 * sending the same again cannot succeed. Every other non-zero code (rate limits, "system busy")
 * is worth another try.
 */
// WeCom group bot: 93000 invalid webhook url (wrong or deleted key); global codes (developer.
// work.weixin.qq.com/document/path/90455) 40008 invalid msgtype, 40058 invalid parameter,
// 44004 empty content. 45009 (api freq out of limit) and -1 (system busy) stay retryable.
const WECOM_PERMANENT = new Set([93000, 40008, 40058, 44004]);
// DingTalk custom robot: 300001 / 300005 token is not exist (wrong or deleted access_token);
// 310000 a security setting failed: "sign not match", "keywords not in content", "ip not in
// whitelist" or an expired timestamp. 130101 / 410100 / 660026 (send too fast) stay retryable.
const DINGTALK_PERMANENT = new Set([300001, 300005, 310000]);
// Feishu custom bot (自定义机器人使用指南): 19001 incoming webhook access token invalid, 19021 sign
// match fail or timestamp not within one hour, 19022 Ip Not Allowed, 19024 Key Words Not Found,
// 9499 Bad Request (malformed message). 11232 (frequency limited) stays retryable.
const FEISHU_PERMANENT = new Set([19001, 19021, 19022, 19024, 9499]);

export async function sendNotice(
  config: ChannelConfig,
  notice: Notice,
  opts: SendOptions = {},
): Promise<Delivered> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const secrets = channelSecrets(config);
  try {
    const delivered = await deliver(config, notice, timeoutMs);
    return { detail: scrub(delivered.detail, secrets) };
  } catch (err: unknown) {
    if (err instanceof DeliveryError)
      throw new DeliveryError(scrub(err.message, secrets), err.retryable);
    // A bug of ours, not the receiver's answer: name it without its message, which might
    // quote the config.
    const name = err instanceof Error ? err.name : typeof err;
    throw new DeliveryError(`unexpected ${name} while sending`, true);
  }
}

function deliver(config: ChannelConfig, notice: Notice, timeoutMs: number): Promise<Delivered> {
  switch (config.kind) {
    case 'email':
      return sendEmail(config, notice, timeoutMs);
    case 'webhook':
      return sendWebhook(config, notice, timeoutMs);
    case 'wecom':
      return sendWecom(config, notice, timeoutMs);
    case 'dingtalk':
      return sendDingtalk(config, notice, timeoutMs);
    case 'feishu':
      return sendFeishu(config, notice, timeoutMs);
    case 'sms':
      return sendSms(config, notice, timeoutMs);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP channels

interface HttpAnswer {
  status: number;
  body: string;
  /** host[:port] of the receiver: what error messages name instead of the address. */
  host: string;
}

async function postJson(
  url: string,
  payload: unknown,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const host = new URL(url).host;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': USER_AGENT,
        ...headers,
      },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      // A redirect would turn the POST into a GET somewhere else: report it instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text(), host };
  } catch (err: unknown) {
    throw networkError(err, host, timeoutMs);
  }
}

/** Network trouble is always worth another try. */
function networkError(err: unknown, host: string, timeoutMs: number): DeliveryError {
  return new DeliveryError(networkFailureMessage(err, host, timeoutMs), true);
}

function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

function httpError(answer: HttpAnswer, more?: string): DeliveryError {
  const f = httpFailure(answer.status, answer.host, more);
  return new DeliveryError(f.message, f.retryable);
}

function echo(text: string): string {
  const line = text.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > MAX_ECHO_CHARS ? `${line.slice(0, MAX_ECHO_CHARS)}…` : line;
}

/** The receiver's answer with every secret of the channel masked (URL-encoded forms too). */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('••••');
    }
  }
  return out;
}

interface BotStatus {
  code: number;
  message: string;
}

/**
 * Checks a chat bot's answer: success only on HTTP 2xx with application code 0. The bots answer
 * most errors with HTTP 200 and a non-zero code, so both must be read.
 */
function checkBotAnswer(
  answer: HttpAnswer,
  label: string,
  read: (json: Record<string, unknown>) => BotStatus | null,
  permanent: ReadonlySet<number>,
): Delivered {
  let status: BotStatus | null = null;
  try {
    const json: unknown = JSON.parse(answer.body);
    if (typeof json === 'object' && json !== null) status = read(json as Record<string, unknown>);
  } catch {
    status = null;
  }
  const said = status ? `${label} ${status.code}: ${echo(status.message)}` : undefined;
  if (!isSuccess(answer)) throw httpError(answer, said);
  if (!status) {
    throw new DeliveryError(`unexpected answer from ${answer.host}: not the bot's JSON`, false);
  }
  if (status.code !== 0) throw new DeliveryError(said ?? '', !permanent.has(status.code));
  return { detail: `${label} 0 from ${answer.host}` };
}

function numberField(json: Record<string, unknown>, name: string): number | null {
  const value = json[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function stringField(json: Record<string, unknown>, name: string): string {
  const value = json[name];
  return typeof value === 'string' ? value : '';
}

// WeCom and DingTalk answer {errcode, errmsg}.
function readErrcode(json: Record<string, unknown>): BotStatus | null {
  const code = numberField(json, 'errcode');
  return code === null ? null : { code, message: stringField(json, 'errmsg') };
}

// Feishu answers {code, msg, data}; older bot versions {StatusCode, StatusMessage}.
function readFeishuCode(json: Record<string, unknown>): BotStatus | null {
  const code = numberField(json, 'code');
  if (code !== null) return { code, message: stringField(json, 'msg') };
  const legacy = numberField(json, 'StatusCode');
  return legacy === null ? null : { code: legacy, message: stringField(json, 'StatusMessage') };
}

async function sendWebhook(
  config: WebhookChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const body = JSON.stringify(notice);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const answer = await postJson(config.url, body, timeoutMs, {
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
    [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(config.secret, timestamp, body),
  });
  if (!isSuccess(answer)) throw httpError(answer, echo(answer.body) || undefined);
  return { detail: `HTTP ${answer.status} from ${answer.host}` };
}

async function sendWecom(
  config: WecomChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const answer = await postJson(
    config.url,
    { msgtype: 'markdown', markdown: { content: renderMarkdown(notice) } },
    timeoutMs,
  );
  return checkBotAnswer(answer, 'errcode', readErrcode, WECOM_PERMANENT);
}

async function sendDingtalk(
  config: DingtalkChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const url = new URL(config.url);
  if (config.secret) {
    const timestamp = String(Date.now());
    // URLSearchParams percent-encodes + / = as DingTalk's urlEncode step asks.
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', dingtalkSign(config.secret, timestamp));
  }
  const answer = await postJson(
    url.href,
    {
      msgtype: 'markdown',
      markdown: { title: renderHeadline(notice), text: renderMarkdown(notice) },
    },
    timeoutMs,
  );
  return checkBotAnswer(answer, 'errcode', readErrcode, DINGTALK_PERMANENT);
}

async function sendFeishu(
  config: FeishuChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const content = { msg_type: 'text', content: { text: renderText(notice) } };
  let payload: object = content;
  if (config.secret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    payload = { timestamp, sign: feishuSign(config.secret, timestamp), ...content };
  }
  const answer = await postJson(config.url, payload, timeoutMs);
  return checkBotAnswer(answer, 'code', readFeishuCode, FEISHU_PERMANENT);
}

/** Each distinct non-empty value of `pick` over the recipients, first occurrence kept. */
function distinct<T>(items: readonly T[], pick: (item: T) => string | null): [T, string][] {
  const seen = new Set<string>();
  const out: [T, string][] = [];
  for (const item of items) {
    const value = pick(item)?.trim();
    if (!value || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push([item, value]);
  }
  return out;
}

async function sendSms(
  config: SmsChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const to = distinct(notice.recipients, (r) => r.phone).map(([, phone]) => phone);
  if (to.length === 0) throw new DeliveryError('no recipient has a phone number', false);
  const headers: Record<string, string> = config.token
    ? { authorization: `Bearer ${config.token}` }
    : {};
  const answer = await postJson(
    config.url,
    { to, text: renderSms(config.template, notice) },
    timeoutMs,
    headers,
  );
  if (!isSuccess(answer)) throw httpError(answer, echo(answer.body) || undefined);
  return { detail: `HTTP ${answer.status} from ${answer.host} for ${to.length} phone(s)` };
}

// ---------------------------------------------------------------------------------------------
// Email

async function sendEmail(
  config: EmailChannelConfig,
  notice: Notice,
  timeoutMs: number,
): Promise<Delivered> {
  const to = distinct(notice.recipients, (r) => r.email).map(([r, address]) => ({
    name: r.name,
    address,
  }));
  if (to.length === 0) throw new DeliveryError('no recipient has an email address', false);
  const host = `${config.host}:${config.port}`;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // The message is ours; never let it pull in files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const mail = renderEmail(notice);
    const info = (await transport.sendMail({
      from: config.from,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'X-Yuqing-Alert': notice.alertId },
    })) as { accepted?: unknown[]; rejected?: unknown[]; response?: unknown };
    const accepted = info.accepted?.length ?? to.length;
    const rejected = info.rejected?.length ?? 0;
    return {
      detail: `accepted by ${host} for ${accepted} recipient(s)${rejected ? `, ${rejected} rejected` : ''}`,
    };
  } catch (err: unknown) {
    throw smtpError(err, host, timeoutMs);
  } finally {
    transport.close();
  }
}

/** A whole e-mail (not an alert's notice): what briefings send, with a file attached. */
export interface MailMessage {
  to: { name: string | null; address: string }[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  headers?: Record<string, string>;
}

/**
 * Sends one e-mail through an email channel's SMTP settings, once, with the same failure
 * classes as a notice (a DeliveryError saying whether another try can help; no secret in it).
 */
export async function sendMail(
  config: EmailChannelConfig,
  message: MailMessage,
  opts: SendOptions = {},
): Promise<Delivered> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const secrets = channelSecrets(config);
  if (message.to.length === 0) throw new DeliveryError('no recipient address', false);
  const host = `${config.host}:${config.port}`;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = (await transport.sendMail({
      from: config.from,
      to: message.to.map((r) => (r.name ? { name: r.name, address: r.address } : r.address)),
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments ?? [],
      headers: message.headers ?? {},
    })) as { accepted?: unknown[]; rejected?: unknown[] };
    const accepted = info.accepted?.length ?? message.to.length;
    const rejected = info.rejected?.length ?? 0;
    return {
      detail: `accepted by ${host} for ${accepted} recipient(s)${rejected ? `, ${rejected} rejected` : ''}`,
    };
  } catch (err: unknown) {
    const e = smtpError(err, host, timeoutMs);
    throw new DeliveryError(scrub(e.message, secrets), e.retryable);
  } finally {
    transport.close();
  }
}

/**
 * nodemailer's failures by their code and the server's reply code: a 4xx reply is temporary by
 * SMTP's own rule (RFC 5321 §4.2.1), a 5xx permanent; a failed login or TLS handshake is the
 * config's; connection trouble may pass.
 */
function smtpError(err: unknown, host: string, timeoutMs: number): DeliveryError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const replyCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const reply = typeof e.response === 'string' ? echo(e.response) : '';
  const temporary = replyCode !== null && replyCode >= 400 && replyCode < 500;
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new DeliveryError(
      `SMTP login refused by ${host}${reply ? `: ${reply}` : ''}`,
      temporary,
    );
  }
  if (replyCode !== null) {
    return new DeliveryError(
      `SMTP ${replyCode} from ${host}${reply ? `: ${reply}` : ''}`,
      temporary,
    );
  }
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'ETIMEDOUT') {
    return new DeliveryError(`timeout after ${timeoutMs} ms waiting for ${host}`, true);
  }
  if (message.includes('ECONNREFUSED'))
    return new DeliveryError(`connection refused by ${host}`, true);
  if (code === 'ETLS' || code === 'EREQUIRETLS') {
    return new DeliveryError(`TLS with ${host} failed (check "secure" and the port)`, false);
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    return new DeliveryError(`message refused before sending (${code})`, false);
  }
  return new DeliveryError(`SMTP error with ${host}${code ? ` (${code})` : ''}`, true);
}
