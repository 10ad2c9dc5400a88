// What a publication channel adapter needs to publish an approved statement to an outside
// channel (a webhook or CMS push, the official website's WordPress, the official Weibo and
// WeChat official account), validated by zod; the same config with every secret masked for the
// UI and the logs; and the way back from a masked config sent by the UI to the stored secrets.
import { z } from 'zod';

import { REDACTED } from '../notify/channel-config.ts';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' });

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** The root of an API: paths are appended to it, so no query, fragment or user:pass@. */
const apiRoot = httpUrl.refine(
  (raw) => {
    const url = parseUrl(raw);
    return url !== null && !url.search && !url.hash && !url.username && !url.password;
  },
  { error: 'must be a plain address without user:password@, query or fragment' },
);

export const webhookAdapterSchema = z.object({
  kind: z.literal('webhook'),
  /** Receives POST JSON {type: 'yuqing.release', …} signed like the alert webhook. */
  url: httpUrl,
  /** Key of the X-Yuqing-Signature HMAC; the receiver holds the same. */
  secret: z.string().min(16),
});

export const websiteCmsAdapterSchema = z.object({
  kind: z.literal('website_cms'),
  /** The WordPress site's address (with its sub-path if any); /wp-json/wp/v2/posts is appended. */
  baseUrl: apiRoot,
  username: z.string().trim().min(1),
  /** A WordPress application password (Users → Profile → Application Passwords). */
  applicationPassword: z.string().trim().min(1),
  /** The category the posts go in; WordPress's default category when absent. */
  categoryId: z.number().int().positive().optional(),
});

export const DEFAULT_WEIBO_API_BASE = 'https://api.weibo.com';

export const weiboAdapterSchema = z.object({
  kind: z.literal('weibo'),
  apiBase: apiRoot.default(DEFAULT_WEIBO_API_BASE),
  /** The official account's OAuth2 access token for the app (statuses/share scope). */
  accessToken: z.string().trim().min(1),
});

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';

export const wechatAdapterSchema = z.object({
  kind: z.literal('wechat'),
  apiBase: apiRoot.default(DEFAULT_WECHAT_API_BASE),
  appId: z.string().trim().min(1),
  appSecret: z.string().trim().min(1),
  /** The permanent material used as every article's cover (封面). */
  thumbMediaId: z.string().trim().min(1),
  /** The article's author line; the issuing unit's name when absent. At most 16 characters. */
  author: z.string().trim().min(1).max(16).optional(),
});

/** No adapter: a person publishes and records the address and a screenshot. */
export const manualAdapterSchema = z.object({
  kind: z.literal('manual'),
});

export const adapterConfigSchema = z.discriminatedUnion('kind', [
  webhookAdapterSchema,
  websiteCmsAdapterSchema,
  weiboAdapterSchema,
  wechatAdapterSchema,
  manualAdapterSchema,
]);

export type WebhookAdapterConfig = z.infer<typeof webhookAdapterSchema>;
export type WebsiteCmsAdapterConfig = z.infer<typeof websiteCmsAdapterSchema>;
export type WeiboAdapterConfig = z.infer<typeof weiboAdapterSchema>;
export type WechatAdapterConfig = z.infer<typeof wechatAdapterSchema>;
export type ManualAdapterConfig = z.infer<typeof manualAdapterSchema>;
/** A validated config (defaults filled in). */
export type AdapterConfig = z.infer<typeof adapterConfigSchema>;
/** A config as typed in or stored (defaults may be missing). */
export type AdapterConfigInput = z.input<typeof adapterConfigSchema>;
export type AdapterKind = AdapterConfig['kind'];
export const ADAPTER_KINDS: readonly AdapterKind[] = [
  'webhook',
  'website_cms',
  'weibo',
  'wechat',
  'manual',
];

/** The fields of each kind that hold a secret as a whole. */
const SECRET_FIELDS: Record<AdapterKind, readonly string[]> = {
  webhook: ['secret'],
  website_cms: ['applicationPassword'],
  weibo: ['accessToken'],
  wechat: ['appSecret'],
  manual: [],
};

// Query parameters of a webhook address that may carry a credential.
const SECRET_PARAM = /key|token|secret|sign|sig|pass|auth|credential/i;

/** The webhook address with a password in user:pass@ and credential-like parameters masked. */
function redactUrl(raw: string): string {
  const url = parseUrl(raw);
  if (!url) return REDACTED;
  const auth = url.username ? `${url.username}${url.password ? `:${REDACTED}` : ''}@` : '';
  const query = [...url.searchParams]
    .map(([name, value]) => `${name}=${SECRET_PARAM.test(name) ? REDACTED : value}`)
    .join('&');
  return `${url.protocol}//${auth}${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}

function urlSecrets(raw: string): string[] {
  const url = parseUrl(raw);
  if (!url) return [];
  const out: string[] = [];
  if (url.password) {
    try {
      out.push(decodeURIComponent(url.password));
    } catch {
      out.push(url.password);
    }
  }
  for (const [name, value] of url.searchParams) if (SECRET_PARAM.test(name)) out.push(value);
  return out;
}

/**
 * The config with its application password, tokens and secrets (and the secret parts of a
 * webhook address) replaced by REDACTED, for showing in the UI and writing to logs.
 */
export function redactAdapterConfig(config: AdapterConfig): AdapterConfig {
  switch (config.kind) {
    case 'webhook':
      return { ...config, url: redactUrl(config.url), secret: REDACTED };
    case 'website_cms':
      return { ...config, applicationPassword: REDACTED };
    case 'weibo':
      return { ...config, accessToken: REDACTED };
    case 'wechat':
      return { ...config, appSecret: REDACTED };
    case 'manual':
      return { ...config };
  }
}

/** Every secret string in a config, for scrubbing them out of anything a receiver echoes. */
export function adapterSecrets(config: AdapterConfig): string[] {
  const secrets: string[] = [];
  switch (config.kind) {
    case 'webhook':
      secrets.push(config.secret, ...urlSecrets(config.url));
      break;
    case 'website_cms':
      secrets.push(config.applicationPassword);
      break;
    case 'weibo':
      secrets.push(config.accessToken);
      break;
    case 'wechat':
      secrets.push(config.appSecret);
      break;
    case 'manual':
      break;
  }
  return secrets.filter((s) => s.length > 0);
}

/** A masked secret came back but there is no stored secret it could stand for. */
export class KeepSecretsError extends Error {
  override readonly name = 'KeepSecretsError';
  /** The config field, e.g. 'accessToken'. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A config sent back by the UI with the stored secrets put back where it still shows REDACTED
 * (as redactAdapterConfig gave it), before validating it with adapterConfigSchema. A secret
 * field equal to REDACTED takes the stored config's value; a webhook address still showing
 * REDACTED must be the stored address as redacted and becomes the stored address. Throws a
 * KeepSecretsError naming the field when there is nothing to keep: no stored config, one of
 * another kind, or an address edited around its masked parts. Anything else is returned as is.
 */
export function keepSecrets<T>(input: T, stored: AdapterConfig | null | undefined): T {
  if (!isRecord(input) || typeof input.kind !== 'string') return input;
  const kind = input.kind as AdapterKind;
  const fields = SECRET_FIELDS[kind] as readonly string[] | undefined;
  if (!fields) return input;
  const same = stored?.kind === kind ? (stored as Record<string, unknown>) : null;
  const out: Record<string, unknown> = { ...input };
  for (const field of fields) {
    if (out[field] !== REDACTED) continue;
    const kept = same?.[field];
    if (typeof kept !== 'string' || kept === '') {
      throw new KeepSecretsError(
        field,
        `${REDACTED} stands for a stored secret, but none is stored`,
      );
    }
    out[field] = kept;
  }
  if (kind === 'webhook' && typeof out.url === 'string' && out.url.includes(REDACTED)) {
    const storedUrl = same?.url;
    if (typeof storedUrl !== 'string') {
      throw new KeepSecretsError('url', `the address shows ${REDACTED} but none is stored`);
    }
    if (redactUrl(storedUrl) !== out.url) {
      throw new KeepSecretsError(
        'url',
        `the address shows ${REDACTED} but is not the stored address: type it in full`,
      );
    }
    out.url = storedUrl;
  }
  return out as T;
}
