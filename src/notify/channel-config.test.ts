import { describe, expect, it } from 'vitest';

import {
  channelConfigSchema,
  DEFAULT_SMS_TEMPLATE,
  redactChannelConfig,
  REDACTED,
} from './channel-config.ts';
import type { ChannelConfig } from './channel-config.ts';

function issuesOf(input: unknown): { path: PropertyKey[]; message: string }[] {
  const result = channelConfigSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues;
}

function pathsOf(input: unknown): string[] {
  return issuesOf(input).map((issue) => issue.path.join('.'));
}

const WECOM_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const DINGTALK_TOKEN = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const FEISHU_TOKEN = '5e3d587e-d78e-4a07-bd07-265f269f86fd';

describe('channelConfigSchema', () => {
  it('accepts each kind and fills the defaults', () => {
    const email = channelConfigSchema.parse({
      kind: 'email',
      host: 'smtp.example.org',
      port: 587,
      from: '甘肃舆情值班室 <duty@example.org>',
    });
    expect(email).toEqual({
      kind: 'email',
      host: 'smtp.example.org',
      port: 587,
      secure: false,
      from: '甘肃舆情值班室 <duty@example.org>',
    });
    const sms = channelConfigSchema.parse({ kind: 'sms', url: 'https://sms.example.org/send' });
    expect(sms).toMatchObject({ template: DEFAULT_SMS_TEMPLATE });
    for (const config of [
      { kind: 'webhook', url: 'http://10.0.0.5:8080/hook', secret: 'x'.repeat(16) },
      { kind: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      {
        kind: 'dingtalk',
        url: `https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}`,
        secret: 'SECabc',
      },
      { kind: 'feishu', url: `https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_TOKEN}` },
    ]) {
      expect(channelConfigSchema.parse(config)).toEqual(config);
    }
  });

  it('rejects bad configs naming the field', () => {
    const email = { kind: 'email', host: 'smtp.example.org', port: 25, from: 'duty@example.org' };
    expect(pathsOf({ ...email, port: 0 })).toEqual(['port']);
    expect(pathsOf({ ...email, port: 65536 })).toEqual(['port']);
    expect(pathsOf({ ...email, port: 25.5 })).toEqual(['port']);
    expect(pathsOf({ ...email, from: 'not an address' })).toEqual(['from']);
    expect(pathsOf({ ...email, from: '值班室 <not-an-address>' })).toEqual(['from']);
    expect(pathsOf({ ...email, host: '' })).toEqual(['host']);

    const webhook = { kind: 'webhook', url: 'https://hooks.example.org/x', secret: 'x'.repeat(16) };
    expect(pathsOf({ ...webhook, secret: 'x'.repeat(15) })).toEqual(['secret']);
    expect(pathsOf({ ...webhook, url: 'ftp://hooks.example.org/x' })).toEqual(['url']);
    expect(pathsOf({ ...webhook, url: 'javascript:alert(1)' })).toEqual(['url']);
    expect(pathsOf({ ...webhook, url: 'not a url' })).toEqual(['url']);
    expect(issuesOf({ ...webhook, url: 'ftp://x' })[0]?.message).toMatch(/http/);

    expect(
      pathsOf({ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }),
    ).toEqual(['url']);
    expect(pathsOf({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send' })).toEqual([
      'url',
    ]);
    expect(
      pathsOf({ kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/' }),
    ).toEqual(['url']);
    expect(
      pathsOf({ kind: 'sms', url: 'https://sms.example.org/send', template: 'x'.repeat(501) }),
    ).toEqual(['template']);
    expect(pathsOf({ kind: 'pager', url: 'https://x.example.org' })).toEqual(['kind']);
  });
});

describe('redactChannelConfig', () => {
  const configs: ChannelConfig[] = [
    {
      kind: 'email',
      host: 'smtp.example.org',
      port: 465,
      secure: true,
      user: 'duty',
      pass: 'mail-password-1',
      from: 'duty@example.org',
    },
    {
      kind: 'webhook',
      url: 'https://ops:basic-pass@hooks.example.org/in?token=url-token-1&team=ops',
      secret: 'webhook-secret-0001',
    },
    { kind: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
    {
      kind: 'dingtalk',
      url: `https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}`,
      secret: 'SECdingtalk-secret',
    },
    {
      kind: 'feishu',
      url: `https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_TOKEN}`,
      secret: 'feishu-secret-1',
    },
    {
      kind: 'sms',
      url: 'https://sms.example.org/send?apikey=sms-api-key',
      token: 'sms-bearer-token',
      template: DEFAULT_SMS_TEMPLATE,
    },
  ];
  const secrets = [
    'mail-password-1',
    'basic-pass',
    'url-token-1',
    'webhook-secret-0001',
    WECOM_KEY,
    DINGTALK_TOKEN,
    'SECdingtalk-secret',
    FEISHU_TOKEN,
    'feishu-secret-1',
    'sms-api-key',
    'sms-bearer-token',
  ];

  it('masks every secret, password, token and secret part of an address', () => {
    const shown = JSON.stringify(configs.map(redactChannelConfig));
    for (const secret of secrets) expect(shown).not.toContain(secret);
    expect(configs.map(redactChannelConfig)).toEqual([
      { ...configs[0], pass: REDACTED },
      {
        ...configs[1],
        url: `https://ops:${REDACTED}@hooks.example.org/in?token=${REDACTED}&team=ops`,
        secret: REDACTED,
      },
      { kind: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${REDACTED}` },
      {
        kind: 'dingtalk',
        url: `https://oapi.dingtalk.com/robot/send?access_token=${REDACTED}`,
        secret: REDACTED,
      },
      {
        kind: 'feishu',
        url: `https://open.feishu.cn/open-apis/bot/v2/hook/${REDACTED}`,
        secret: REDACTED,
      },
      {
        ...configs[5],
        url: `https://sms.example.org/send?apikey=${REDACTED}`,
        token: REDACTED,
      },
    ]);
  });

  it('leaves an unset secret unset and does not change the input', () => {
    const config: ChannelConfig = {
      kind: 'dingtalk',
      url: `https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}`,
    };
    expect(redactChannelConfig(config)).toEqual({
      kind: 'dingtalk',
      url: `https://oapi.dingtalk.com/robot/send?access_token=${REDACTED}`,
    });
    expect(config.url).toContain(DINGTALK_TOKEN);
  });
});
