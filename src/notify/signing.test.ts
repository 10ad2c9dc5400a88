import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { dingtalkSign, feishuSign, verifyWebhookSignature, webhookSignature } from './signing.ts';

const SECRET = 'webhook-secret-0123456789';
const NOW = 1_740_000_000;

describe('webhook signature', () => {
  const body = JSON.stringify({ title: '停水', n: 1 });
  const header = webhookSignature(SECRET, NOW, body);

  it('is sha256= hex HMAC of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${body}`).digest('hex');
    expect(header).toBe(`sha256=${expected}`);
  });

  it('verifies the exact body, secret and a fresh timestamp only', () => {
    expect(verifyWebhookSignature(SECRET, String(NOW), body, header, NOW)).toBe(true);
    expect(verifyWebhookSignature(SECRET, String(NOW), Buffer.from(body), header, NOW + 300)).toBe(
      true,
    );
    expect(verifyWebhookSignature(SECRET, String(NOW), `${body} `, header, NOW)).toBe(false);
    expect(verifyWebhookSignature(`${SECRET}x`, String(NOW), body, header, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW + 1), body, header, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW), body, header, NOW + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW), body, header, NOW + 3000, 3600)).toBe(true);
  });

  it('refuses missing or malformed headers without throwing', () => {
    expect(verifyWebhookSignature(SECRET, null, body, header, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '17e8', body, header, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW), body, undefined, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW), body, header.slice(7), NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(NOW), body, 'sha256=abc', NOW)).toBe(false);
  });
});

describe('dingtalkSign', () => {
  it('matches a published test vector', () => {
    // The `dingding` crate's test (docs.rs): timestamp 1700000000000 ms, secret "secret".
    expect(encodeURIComponent(dingtalkSign('secret', '1700000000000'))).toBe(
      'OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D',
    );
  });
});

describe('feishuSign', () => {
  it('keys the HMAC with "<timestamp>\\n<secret>" over an empty message', () => {
    // As the Python sample of Feishu's guide: hmac.new(string_to_sign, digestmod=sha256).
    const expected = createHmac('sha256', '1599360473\ndemo').digest('base64');
    expect(feishuSign('demo', 1599360473)).toBe(expected);
    expect(feishuSign('demo', 1599360473)).not.toBe(dingtalkSign('demo', 1599360473));
  });
});
