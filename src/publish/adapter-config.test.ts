import { describe, expect, it } from 'vitest';

import { REDACTED } from '../notify/channel-config.ts';
import {
  adapterConfigSchema,
  adapterSecrets,
  DEFAULT_WECHAT_API_BASE,
  DEFAULT_WEIBO_API_BASE,
  keepSecrets,
  KeepSecretsError,
  redactAdapterConfig,
} from './adapter-config.ts';
import type { AdapterConfig } from './adapter-config.ts';

function issuesOf(input: unknown): { path: PropertyKey[]; message: string }[] {
  const result = adapterConfigSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues;
}

function pathsOf(input: unknown): string[] {
  return issuesOf(input).map((issue) => issue.path.join('.'));
}

const WEBHOOK = {
  kind: 'webhook',
  url: 'https://cms.example.gov.cn/api/push',
  secret: 'x'.repeat(16),
} as const;
const WEBSITE = {
  kind: 'website_cms',
  baseUrl: 'https://www.example.gov.cn',
  username: 'xinwenban',
  applicationPassword: 'Ab12 Cd34 Ef56 Gh78 Ij90 Kl12',
  categoryId: 7,
} as const;
const WEIBO = { kind: 'weibo', accessToken: '2.00weibo-token' } as const;
const WECHAT = {
  kind: 'wechat',
  appId: 'wx3f1c2b4a5d6e7f80',
  appSecret: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  thumbMediaId: 'thumb-media-id',
} as const;

describe('adapterConfigSchema', () => {
  it('accepts each kind and fills the API addresses', () => {
    expect(adapterConfigSchema.parse(WEBHOOK)).toEqual(WEBHOOK);
    expect(adapterConfigSchema.parse(WEBSITE)).toEqual(WEBSITE);
    expect(adapterConfigSchema.parse(WEIBO)).toEqual({ ...WEIBO, apiBase: DEFAULT_WEIBO_API_BASE });
    expect(adapterConfigSchema.parse({ ...WECHAT, author: '县融媒体中心' })).toEqual({
      ...WECHAT,
      apiBase: DEFAULT_WECHAT_API_BASE,
      author: '县融媒体中心',
    });
    expect(adapterConfigSchema.parse({ kind: 'manual' })).toEqual({ kind: 'manual' });
    expect(
      adapterConfigSchema.parse({ ...WEBSITE, baseUrl: 'http://10.0.0.8:8080/cms/' }),
    ).toMatchObject({ baseUrl: 'http://10.0.0.8:8080/cms/' });
  });

  it('rejects bad configs naming the field', () => {
    expect(pathsOf({ ...WEBHOOK, secret: 'x'.repeat(15) })).toEqual(['secret']);
    expect(pathsOf({ ...WEBHOOK, url: 'ftp://cms.example.gov.cn/push' })).toEqual(['url']);
    expect(pathsOf({ ...WEBHOOK, url: 'not a url' })).toEqual(['url']);
    expect(issuesOf({ ...WEBHOOK, url: 'javascript:alert(1)' })[0]?.message).toMatch(/http/);

    expect(pathsOf({ ...WEBSITE, baseUrl: 'https://www.example.gov.cn/?p=1' })).toEqual([
      'baseUrl',
    ]);
    expect(pathsOf({ ...WEBSITE, baseUrl: 'https://u:p@www.example.gov.cn' })).toEqual(['baseUrl']);
    expect(pathsOf({ ...WEBSITE, username: ' ' })).toEqual(['username']);
    expect(pathsOf({ ...WEBSITE, applicationPassword: undefined })).toEqual([
      'applicationPassword',
    ]);
    expect(pathsOf({ ...WEBSITE, categoryId: 1.5 })).toEqual(['categoryId']);
    expect(pathsOf({ ...WEBSITE, categoryId: '7' })).toEqual(['categoryId']);

    expect(pathsOf({ ...WEIBO, accessToken: '' })).toEqual(['accessToken']);
    expect(pathsOf({ ...WEIBO, apiBase: 'https://api.weibo.com#x' })).toEqual(['apiBase']);

    expect(pathsOf({ ...WECHAT, appSecret: undefined })).toEqual(['appSecret']);
    expect(pathsOf({ ...WECHAT, thumbMediaId: '' })).toEqual(['thumbMediaId']);
    expect(pathsOf({ ...WECHAT, author: '某'.repeat(17) })).toEqual(['author']);
    expect(pathsOf({ ...WECHAT, apiBase: 'mailto:ops@example.org' })).toEqual(['apiBase']);

    expect(pathsOf({ kind: 'douyin' })).toEqual(['kind']);
  });
});

describe('redaction', () => {
  const configs: AdapterConfig[] = [
    {
      kind: 'webhook',
      url: 'https://push:basic-pass@cms.example.gov.cn/in?token=url-token-1&site=main',
      secret: 'webhook-secret-0001',
    },
    { ...WEBSITE },
    { ...WEIBO, apiBase: DEFAULT_WEIBO_API_BASE },
    { ...WECHAT, apiBase: DEFAULT_WECHAT_API_BASE },
    { kind: 'manual' },
  ];
  const secrets = [
    'basic-pass',
    'url-token-1',
    'webhook-secret-0001',
    WEBSITE.applicationPassword,
    WEIBO.accessToken,
    WECHAT.appSecret,
  ];

  it('masks every secret, token, password and secret part of an address', () => {
    const shown = configs.map(redactAdapterConfig);
    for (const secret of secrets) expect(JSON.stringify(shown)).not.toContain(secret);
    expect(shown).toEqual([
      {
        kind: 'webhook',
        url: `https://push:${REDACTED}@cms.example.gov.cn/in?token=${REDACTED}&site=main`,
        secret: REDACTED,
      },
      { ...WEBSITE, applicationPassword: REDACTED },
      { ...WEIBO, apiBase: DEFAULT_WEIBO_API_BASE, accessToken: REDACTED },
      { ...WECHAT, apiBase: DEFAULT_WECHAT_API_BASE, appSecret: REDACTED },
      { kind: 'manual' },
    ]);
    // The inputs are unchanged.
    expect(configs[3]).toMatchObject({ appSecret: WECHAT.appSecret });
  });

  it('lists every secret for scrubbing', () => {
    expect(configs.flatMap(adapterSecrets).sort()).toEqual([...secrets].sort());
  });
});

describe('keepSecrets', () => {
  const stored: AdapterConfig = { ...WECHAT, apiBase: DEFAULT_WECHAT_API_BASE };

  it('puts the stored secret back where the UI sent the mask', () => {
    const edited = { ...redactAdapterConfig(stored), author: '县融媒体中心' };
    const kept = keepSecrets(edited, stored);
    expect(adapterConfigSchema.parse(kept)).toEqual({ ...stored, author: '县融媒体中心' });
    expect(edited).toMatchObject({ appSecret: REDACTED });
  });

  it('takes a newly typed secret as it is', () => {
    const input = { ...WECHAT, appSecret: 'new-secret-0123' };
    expect(keepSecrets(input, stored)).toEqual(input);
  });

  it('round-trips every kind through its redaction', () => {
    const all: AdapterConfig[] = [
      {
        kind: 'webhook',
        url: 'https://push:basic-pass@cms.example.gov.cn/in?token=url-token-1',
        secret: 'webhook-secret-0001',
      },
      { ...WEBSITE },
      { ...WEIBO, apiBase: DEFAULT_WEIBO_API_BASE },
      stored,
      { kind: 'manual' },
    ];
    for (const config of all) {
      expect(adapterConfigSchema.parse(keepSecrets(redactAdapterConfig(config), config))).toEqual(
        config,
      );
    }
  });

  it('fails naming the field when there is no stored secret to keep', () => {
    const masked = { ...WEIBO, accessToken: REDACTED };
    const none = (): unknown => keepSecrets(masked, null);
    expect(none).toThrow(KeepSecretsError);
    expect(none).toThrow(/^accessToken: •••• stands for a stored secret, but none is stored$/);
    // A stored config of another kind has no Weibo token.
    expect(() => keepSecrets(masked, stored)).toThrow(/^accessToken: /);
    let caught: unknown;
    try {
      keepSecrets({ ...WEBSITE, applicationPassword: REDACTED }, undefined);
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeepSecretsError);
    expect((caught as KeepSecretsError).field).toBe('applicationPassword');
  });

  it('refuses a webhook address edited around its masked parts', () => {
    const webhook: AdapterConfig = {
      kind: 'webhook',
      url: 'https://cms.example.gov.cn/in?token=url-token-1',
      secret: 'webhook-secret-0001',
    };
    const input = {
      ...redactAdapterConfig(webhook),
      url: `https://cms2.example.gov.cn/in?token=${REDACTED}`,
    };
    expect(() => keepSecrets(input, webhook)).toThrow(/^url: .*type it in full$/);
    expect(() => keepSecrets(redactAdapterConfig(webhook), null)).toThrow(/^secret: /);
  });

  it('leaves what is not a config to the schema', () => {
    expect(keepSecrets('nonsense', stored)).toBe('nonsense');
    expect(keepSecrets({ kind: 'douyin', token: REDACTED }, stored)).toEqual({
      kind: 'douyin',
      token: REDACTED,
    });
  });
});
