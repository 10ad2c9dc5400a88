// What a notification channel needs to reach its receivers (the JSON in notify_channels.config),
// validated by zod, and the same config with every secret masked for the UI and the logs.
import { z } from 'zod';

/** What stands in for a secret in a redacted config. */
export const REDACTED = '••••';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' });

function queryParam(raw: string, name: string): string | null {
  try {
    return new URL(raw).searchParams.get(name);
  } catch {
    return null;
  }
}

function lastPathSegment(raw: string): string {
  try {
    return new URL(raw).pathname.split('/').pop() ?? '';
  } catch {
    return '';
  }
}

// "值班室 <duty@example.org>" or a bare address; the address part must be an email address.
const mailbox = z.string().refine(
  (value) => {
    const named = /^[^<>]*<([^<>]+)>\s*$/.exec(value.trim());
    return z.email().safeParse(named ? named[1] : value.trim()).success;
  },
  { error: 'must be an email address, optionally as "Name <address>"' },
);

export const emailChannelSchema = z.object({
  kind: z.literal('email'),
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (port 465); false means plain SMTP upgraded by STARTTLS if offered. */
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  from: mailbox,
});

export const webhookChannelSchema = z.object({
  kind: z.literal('webhook'),
  url: httpUrl,
  /** Key of the X-Yuqing-Signature HMAC; the receiver holds the same. */
  secret: z.string().min(16),
});

export const wecomChannelSchema = z.object({
  kind: z.literal('wecom'),
  /** https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
  url: httpUrl.refine((url) => Boolean(queryParam(url, 'key')), {
    error: 'must be the group bot address with its key=… parameter',
  }),
});

export const dingtalkChannelSchema = z.object({
  kind: z.literal('dingtalk'),
  /** https://oapi.dingtalk.com/robot/send?access_token=… */
  url: httpUrl.refine((url) => Boolean(queryParam(url, 'access_token')), {
    error: 'must be the robot address with its access_token=… parameter',
  }),
  /** The 加签 secret (SEC…), when the robot's security setting asks for signed requests. */
  secret: z.string().min(1).optional(),
});

export const feishuChannelSchema = z.object({
  kind: z.literal('feishu'),
  /** https://open.feishu.cn/open-apis/bot/v2/hook/<token> */
  url: httpUrl.refine((url) => lastPathSegment(url) !== '', {
    error: 'must be the bot hook address ending in its token',
  }),
  /** The 签名校验 secret, when the bot's security setting asks for signed requests. */
  secret: z.string().min(1).optional(),
});

export const DEFAULT_SMS_TEMPLATE = '【舆情预警】{severity}：{title} {url}';

export const smsChannelSchema = z.object({
  kind: z.literal('sms'),
  /** The gateway that takes POST {to: [phone], text}. */
  url: httpUrl,
  /** Sent as Authorization: Bearer <token> when set. */
  token: z.string().min(1).optional(),
  /** Placeholders {title}, {severity} and {url}. */
  template: z.string().trim().min(1).max(500).default(DEFAULT_SMS_TEMPLATE),
});

export const channelConfigSchema = z.discriminatedUnion('kind', [
  emailChannelSchema,
  webhookChannelSchema,
  wecomChannelSchema,
  dingtalkChannelSchema,
  feishuChannelSchema,
  smsChannelSchema,
]);

export type EmailChannelConfig = z.infer<typeof emailChannelSchema>;
export type WebhookChannelConfig = z.infer<typeof webhookChannelSchema>;
export type WecomChannelConfig = z.infer<typeof wecomChannelSchema>;
export type DingtalkChannelConfig = z.infer<typeof dingtalkChannelSchema>;
export type FeishuChannelConfig = z.infer<typeof feishuChannelSchema>;
export type SmsChannelConfig = z.infer<typeof smsChannelSchema>;
/** A validated config (defaults filled in). */
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
/** A config as typed in or stored (defaults may be missing). */
export type ChannelConfigInput = z.input<typeof channelConfigSchema>;
export type ChannelKind = ChannelConfig['kind'];

// Query parameters of a generic webhook or SMS gateway address that may carry a credential.
const SECRET_PARAM = /key|token|secret|sign|sig|pass|auth|credential/i;

/**
 * The address with its credentials masked: a password in user:pass@, the values of the named
 * query parameters, and (for Feishu) the last path segment. Kept readable, not re-encoded.
 */
function redactUrl(
  raw: string,
  opts: { params: (name: string) => boolean; lastSegment?: boolean },
): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return REDACTED;
  }
  const auth = url.username ? `${url.username}${url.password ? `:${REDACTED}` : ''}@` : '';
  let path = url.pathname;
  if (opts.lastSegment) path = path.replace(/[^/]+$/, REDACTED);
  const query = [...url.searchParams]
    .map(([name, value]) => `${name}=${opts.params(name) ? REDACTED : value}`)
    .join('&');
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}`;
}

const only =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

/**
 * The config with secrets, passwords, tokens and the secret parts of addresses replaced by
 * REDACTED, for showing in the UI and writing to logs. Absent optional secrets stay absent, so
 * the UI can tell "set" from "not set".
 */
export function redactChannelConfig(config: ChannelConfig): ChannelConfig {
  const mask = (value: string | undefined) => (value === undefined ? undefined : REDACTED);
  switch (config.kind) {
    case 'email':
      return { ...config, pass: mask(config.pass) };
    case 'webhook':
      return {
        ...config,
        url: redactUrl(config.url, { params: (n) => SECRET_PARAM.test(n) }),
        secret: REDACTED,
      };
    case 'wecom':
      return { ...config, url: redactUrl(config.url, { params: only('key') }) };
    case 'dingtalk':
      return {
        ...config,
        url: redactUrl(config.url, { params: only('access_token') }),
        secret: mask(config.secret),
      };
    case 'feishu':
      return {
        ...config,
        url: redactUrl(config.url, { params: (n) => SECRET_PARAM.test(n), lastSegment: true }),
        secret: mask(config.secret),
      };
    case 'sms':
      return {
        ...config,
        url: redactUrl(config.url, { params: (n) => SECRET_PARAM.test(n) }),
        token: mask(config.token),
      };
  }
}

/** Every secret string in a config, for scrubbing them out of anything a receiver echoes. */
export function channelSecrets(config: ChannelConfig): string[] {
  const secrets: (string | null | undefined)[] = [];
  switch (config.kind) {
    case 'email':
      secrets.push(config.pass);
      break;
    case 'webhook':
      secrets.push(config.secret);
      break;
    case 'wecom':
      secrets.push(queryParam(config.url, 'key'));
      break;
    case 'dingtalk':
      secrets.push(queryParam(config.url, 'access_token'), config.secret);
      break;
    case 'feishu':
      secrets.push(lastPathSegment(config.url), config.secret);
      break;
    case 'sms':
      secrets.push(config.token);
      break;
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
}
