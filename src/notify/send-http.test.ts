// The signed generic webhook and the SMS gateway against loopback receivers, and how every HTTP
// channel classifies what can go wrong on the way: 5xx, 429, other 4xx, redirects, a refused
// connection, a receiver that never answers.
import { afterEach, describe, expect, it } from 'vitest';

import { closeLoopbackServers } from '../../test/loopback.ts';
import type { ChannelConfig } from './channel-config.ts';
import { DEFAULT_SMS_TEMPLATE } from './channel-config.ts';
import { renderSms } from './notice.ts';
import { sendNotice } from './send.ts';
import { verifyWebhookSignature } from './signing.ts';
import { buildNotice, failure, refusedBase, startReceiver } from './test-fixtures.ts';
import type { Reply } from './test-fixtures.ts';

afterEach(closeLoopbackServers);

const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const SMS_TOKEN = 'sms-token-4c1f9e';
const BOT_KEY = 'bot-key-d00d-77aa';
const SECRETS = [WEBHOOK_SECRET, SMS_TOKEN, BOT_KEY];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** A receiver of our webhook that checks the signature as a receiver should (401 if wrong). */
function webhookReceiver(secret: string) {
  return startReceiver((r): Reply => {
    const ok = verifyWebhookSignature(
      secret,
      r.headers['x-yuqing-timestamp'] as string | undefined,
      r.body,
      r.headers['x-yuqing-signature'] as string | undefined,
      Math.floor(Date.now() / 1000),
    );
    return ok ? { status: 204 } : { status: 401, text: 'bad signature' };
  });
}

describe('signed webhook', () => {
  it('posts the notice as JSON with a signature the receiver verifies', async () => {
    const receiver = await webhookReceiver(WEBHOOK_SECRET);
    const notice = buildNotice();
    const config = { kind: 'webhook' as const, url: `${receiver.base}/in`, secret: WEBHOOK_SECRET };
    const { detail } = await sendNotice(config, notice);
    expect(detail).toMatch(/^HTTP 204 from 127\.0\.0\.1:\d+$/);
    const [request] = receiver.received;
    expect(JSON.parse(request!.body)).toEqual(notice);
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['x-yuqing-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      Math.abs(Number(request?.headers['x-yuqing-timestamp']) - Date.now() / 1000),
    ).toBeLessThan(60);
  });

  it('a receiver holding another secret refuses it: 401, not retryable', async () => {
    const receiver = await webhookReceiver(`${WEBHOOK_SECRET}-rotated`);
    const config = { kind: 'webhook' as const, url: `${receiver.base}/in`, secret: WEBHOOK_SECRET };
    const err = await failure(sendNotice(config, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^HTTP 401 from 127\.0\.0\.1:\d+, bad signature$/);
  });

  it('masks secrets a receiver echoes back', async () => {
    const receiver = await startReceiver((r) => ({
      status: 400,
      text: `rejected ${r.url.search} signed with ${WEBHOOK_SECRET}`,
    }));
    const config = {
      kind: 'webhook' as const,
      url: `${receiver.base}/in?x=1`,
      secret: WEBHOOK_SECRET,
    };
    const err = await failure(sendNotice(config, buildNotice()));
    expect(err.message).toMatch(
      /^HTTP 400 from 127\.0\.0\.1:\d+, rejected \?x=1 signed with ••••$/,
    );
    expectNoSecret(err.message);
  });
});

describe('SMS gateway', () => {
  it('posts {to, text} with the bearer token, one entry per distinct phone', async () => {
    const gateway = await startReceiver((r) =>
      r.headers.authorization === `Bearer ${SMS_TOKEN}`
        ? { json: { ok: true } }
        : { status: 401, json: { error: 'unauthorized' } },
    );
    const notice = buildNotice({
      recipients: [
        ...buildNotice().recipients,
        { name: '张三（备用）', email: null, phone: ' 13800000001 ' },
      ],
    });
    const config = {
      kind: 'sms' as const,
      url: `${gateway.base}/send`,
      token: SMS_TOKEN,
      template: DEFAULT_SMS_TEMPLATE,
    };
    const { detail } = await sendNotice(config, notice);
    expect(detail).toMatch(/^HTTP 200 from 127\.0\.0\.1:\d+ for 2 phone\(s\)$/);
    expect(JSON.parse(gateway.received[0]!.body)).toEqual({
      to: ['13800000001', '13800000002'],
      text: renderSms(DEFAULT_SMS_TEMPLATE, notice),
    });
  });

  it('sends no Authorization header without a token; a refused token is not retryable', async () => {
    const gateway = await startReceiver((r) =>
      r.headers.authorization ? { json: {} } : { status: 403, json: { error: 'forbidden' } },
    );
    const config = { kind: 'sms' as const, url: gateway.base, template: '{title}' };
    const err = await failure(sendNotice(config, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^HTTP 403 from 127\.0\.0\.1:\d+, \{"error":"forbidden"\}$/);
    expect(gateway.received[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses a notice without any phone number before calling the gateway', async () => {
    const gateway = await startReceiver(() => ({ json: {} }));
    const notice = buildNotice({
      recipients: [{ name: '王五', email: 'w@example.org', phone: '' }],
    });
    const config = { kind: 'sms' as const, url: gateway.base, template: '{title}' };
    const err = await failure(sendNotice(config, notice));
    expect([err.retryable, err.message]).toEqual([false, 'no recipient has a phone number']);
    expect(gateway.received).toHaveLength(0);
  });
});

/** A config of each HTTP channel pointing at `base`, shaped as the real service's address. */
const httpChannels: [string, (base: string) => ChannelConfig][] = [
  ['webhook', (base) => ({ kind: 'webhook', url: `${base}/in`, secret: WEBHOOK_SECRET })],
  ['wecom', (base) => ({ kind: 'wecom', url: `${base}/cgi-bin/webhook/send?key=${BOT_KEY}` })],
  [
    'dingtalk',
    (base) => ({
      kind: 'dingtalk',
      url: `${base}/robot/send?access_token=${BOT_KEY}`,
      secret: WEBHOOK_SECRET,
    }),
  ],
  [
    'feishu',
    (base) => ({
      kind: 'feishu',
      url: `${base}/open-apis/bot/v2/hook/${BOT_KEY}`,
      secret: WEBHOOK_SECRET,
    }),
  ],
  ['sms', (base) => ({ kind: 'sms', url: `${base}/send`, token: SMS_TOKEN, template: '{title}' })],
];

describe.each(httpChannels)('%s failures', (_kind, configAt) => {
  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [404, false],
    [302, false],
  ])('HTTP %i: retryable %s', async (status, retryable) => {
    const receiver = await startReceiver(() => ({
      status,
      json: { errcode: -1, code: -1, error: 'no' },
    }));
    const err = await failure(sendNotice(configAt(receiver.base), buildNotice()));
    expect(err.retryable).toBe(retryable);
    expect(err.message).toMatch(new RegExp(`^HTTP ${status} from 127\\.0\\.0\\.1:\\d+`));
    expectNoSecret(err.message);
  });

  it('a refused connection is retryable', async () => {
    const base = await refusedBase();
    const err = await failure(sendNotice(configAt(base), buildNotice()));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`connection refused by ${base.slice(7)}`);
  });

  it('a receiver that never answers times out, retryable', async () => {
    const receiver = await startReceiver(() => 'hang');
    const err = await failure(
      sendNotice(configAt(receiver.base), buildNotice(), { timeoutMs: 300 }),
    );
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`timeout after 300 ms waiting for ${receiver.base.slice(7)}`);
    expect(receiver.received).toHaveLength(1);
  });
});
