// The request signatures of the channels: ours for the generic webhook (and its check, for
// receivers), and the DingTalk and Feishu bot schemes as their documentation gives them.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_TIMESTAMP_HEADER = 'X-Yuqing-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-Yuqing-Signature';

/**
 * Our webhook signature: `sha256=` + hex HMAC-SHA256 keyed with the secret over
 * `<timestamp>.<raw body>` (the timestamp in unix seconds, as sent in X-Yuqing-Timestamp). Signing
 * the timestamp with the body lets a receiver refuse replays of an old request.
 */
export function webhookSignature(
  secret: string,
  timestampSeconds: number | string,
  body: string | Buffer,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestampSeconds}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

/**
 * For receivers of our webhook (and the tests): true when `header` (X-Yuqing-Signature) is the
 * signature of this raw body and `timestamp` (X-Yuqing-Timestamp) is within `toleranceSeconds` of
 * `nowSeconds`. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | null | undefined,
  body: string | Buffer,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !header) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!given?.[1]) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body).slice(7), 'hex');
  return timingSafeEqual(expected, Buffer.from(given[1], 'hex'));
}

/**
 * DingTalk custom robot 加签 (open.dingtalk.com, 自定义机器人安全设置 / custom-robot-access):
 * string_to_sign = `${timestamp}\n${secret}` with the timestamp in milliseconds; sign =
 * Base64(HmacSHA256(key = secret, message = string_to_sign)), URL-encoded (UTF-8) when appended as
 * `&timestamp=…&sign=…`. The timestamp must be within an hour of DingTalk's clock. Returns the
 * sign before URL encoding.
 */
export function dingtalkSign(secret: string, timestampMs: number | string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * Feishu custom bot 签名校验 (open.feishu.cn 自定义机器人使用指南, "Compute the signature string"):
 * string_to_sign = `${timestamp}\n${secret}` with the timestamp in seconds; sign =
 * Base64(HmacSHA256(key = string_to_sign, message = empty)): unlike DingTalk the string to sign is
 * the key. Sent as the body fields `timestamp` (string) and `sign`; valid for an hour.
 */
export function feishuSign(secret: string, timestampSeconds: number | string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}
