// WeCom, DingTalk and Feishu group bots, each against a loopback server that checks the request
// the way the service does (key or token, signature recomputed from the secret, message shape)
// and answers with the service's own success and error bodies.
import { createHmac } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { closeLoopbackServers } from '../../test/loopback.ts';
import { renderHeadline, renderMarkdown, renderText } from './notice.ts';
import { sendNotice } from './send.ts';
import { buildNotice, failure, startReceiver } from './test-fixtures.ts';
import type { Received, Reply } from './test-fixtures.ts';

afterEach(closeLoopbackServers);

const WECOM_KEY = 'wecom-key-7f3a9c1e-5d2b';
const DINGTALK_TOKEN = 'dingtalk-token-5b2e90aa';
const DINGTALK_SECRET = 'SECdingtalk0123456789abcdef';
const FEISHU_TOKEN = 'feishu-hook-token-81d4';
const FEISHU_SECRET = 'feishu-secret-xyz-0001';
const SECRETS = [WECOM_KEY, DINGTALK_TOKEN, DINGTALK_SECRET, FEISHU_TOKEN, FEISHU_SECRET];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function body(request: Received): any {
  return JSON.parse(request.body);
}

// ---------------------------------------------------------------------------------------------

/** WeCom group bot: POST /cgi-bin/webhook/send?key=…, errcode in a JSON answer. */
function wecomBot(mode: 'ok' | 'limited' = 'ok') {
  return startReceiver((r): Reply => {
    if (r.method !== 'POST' || r.url.pathname !== '/cgi-bin/webhook/send') {
      return { status: 404, text: 'not found' };
    }
    if (r.url.searchParams.get('key') !== WECOM_KEY) {
      return {
        json: {
          errcode: 93000,
          errmsg:
            'invalid webhook url, hint: [1708397705432012366598976], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000',
        },
      };
    }
    if (mode === 'limited') {
      return { json: { errcode: 45009, errmsg: 'api freq out of limit, hint: [1635043469_160]' } };
    }
    const message = body(r);
    if (message.msgtype !== 'markdown') {
      return { json: { errcode: 40008, errmsg: 'invalid message type' } };
    }
    const content: unknown = message.markdown?.content;
    if (typeof content !== 'string' || content === '') {
      return { json: { errcode: 44004, errmsg: 'empty content' } };
    }
    if (Buffer.byteLength(content) > 4096) {
      return { json: { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' } };
    }
    return { json: { errcode: 0, errmsg: 'ok' } };
  });
}

describe('WeCom group bot', () => {
  it('posts the markdown message and succeeds on errcode 0', async () => {
    const bot = await wecomBot();
    const notice = buildNotice();
    const url = `${bot.base}/cgi-bin/webhook/send?key=${WECOM_KEY}`;
    const { detail } = await sendNotice({ kind: 'wecom', url }, notice);
    expect(detail).toBe(`errcode 0 from ${bot.base.slice(7)}`);
    const [request] = bot.received;
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(body(request!)).toEqual({
      msgtype: 'markdown',
      markdown: { content: renderMarkdown(notice) },
    });
  });

  it('a wrong key is errcode 93000, not retryable, the key not repeated', async () => {
    const bot = await wecomBot();
    const url = `${bot.base}/cgi-bin/webhook/send?key=${WECOM_KEY}-old`;
    const err = await failure(sendNotice({ kind: 'wecom', url }, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^errcode 93000: invalid webhook url/);
    expectNoSecret(err.message);
  });

  it('rate limiting (45009) is retryable', async () => {
    const bot = await wecomBot('limited');
    const url = `${bot.base}/cgi-bin/webhook/send?key=${WECOM_KEY}`;
    const err = await failure(sendNotice({ kind: 'wecom', url }, buildNotice()));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^errcode 45009: api freq out of limit/);
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * DingTalk custom robot: POST /robot/send?access_token=…; with 加签 on, &timestamp (ms, within an
 * hour) and &sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))).
 */
function dingtalkRobot(opts: { secret?: string; limited?: boolean } = {}) {
  return startReceiver((r): Reply => {
    if (r.method !== 'POST' || r.url.pathname !== '/robot/send') {
      return { status: 404, text: 'not found' };
    }
    if (r.url.searchParams.get('access_token') !== DINGTALK_TOKEN) {
      return { json: { errcode: 300005, errmsg: 'token is not exist' } };
    }
    if (opts.secret) {
      const timestamp = r.url.searchParams.get('timestamp') ?? '';
      const sign = r.url.searchParams.get('sign') ?? '';
      const expected = createHmac('sha256', opts.secret)
        .update(`${timestamp}\n${opts.secret}`)
        .digest('base64');
      if (Math.abs(Date.now() - Number(timestamp)) > 3_600_000 || sign !== expected) {
        return {
          json: {
            errcode: 310000,
            errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
          },
        };
      }
    }
    if (opts.limited) {
      return { json: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } };
    }
    const message = body(r);
    if (
      message.msgtype !== 'markdown' ||
      typeof message.markdown?.title !== 'string' ||
      typeof message.markdown?.text !== 'string'
    ) {
      return { json: { errcode: 40035, errmsg: '缺少参数 markdown' } };
    }
    return { json: { errcode: 0, errmsg: 'ok' } };
  });
}

describe('DingTalk robot', () => {
  const urlOf = (base: string) => `${base}/robot/send?access_token=${DINGTALK_TOKEN}`;

  it('signs the request as DingTalk checks it and posts markdown', async () => {
    const robot = await dingtalkRobot({ secret: DINGTALK_SECRET });
    const notice = buildNotice();
    const config = { kind: 'dingtalk' as const, url: urlOf(robot.base), secret: DINGTALK_SECRET };
    const { detail } = await sendNotice(config, notice);
    expect(detail).toMatch(/^errcode 0 from 127\.0\.0\.1:\d+$/);
    const [request] = robot.received;
    // The sign is URL-encoded: no raw + / = that a form decoder would mangle.
    expect(request?.url.search).toMatch(/&timestamp=\d{13}&sign=[A-Za-z0-9%]+$/);
    expect(body(request!)).toEqual({
      msgtype: 'markdown',
      markdown: { title: renderHeadline(notice), text: renderMarkdown(notice) },
    });
    expectNoSecret(detail);
  });

  it('sends unsigned when no secret is set', async () => {
    const robot = await dingtalkRobot();
    await sendNotice({ kind: 'dingtalk', url: urlOf(robot.base) }, buildNotice());
    expect(robot.received[0]?.url.searchParams.has('sign')).toBe(false);
  });

  it('a wrong secret is errcode 310000, not retryable, without the secret', async () => {
    const robot = await dingtalkRobot({ secret: DINGTALK_SECRET });
    const config = { kind: 'dingtalk' as const, url: urlOf(robot.base), secret: 'SECwrong-one' };
    const err = await failure(sendNotice(config, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^errcode 310000: sign not match/);
    expectNoSecret(err.message);
    expect(err.message).not.toContain('SECwrong-one');
  });

  it('a missing signature when the robot wants one is errcode 310000', async () => {
    const robot = await dingtalkRobot({ secret: DINGTALK_SECRET });
    const err = await failure(
      sendNotice({ kind: 'dingtalk', url: urlOf(robot.base) }, buildNotice()),
    );
    expect([err.retryable, err.message.slice(0, 14)]).toEqual([false, 'errcode 310000']);
  });

  it('an unknown access token is not retryable', async () => {
    const robot = await dingtalkRobot();
    const url = `${robot.base}/robot/send?access_token=${DINGTALK_TOKEN}0`;
    const err = await failure(sendNotice({ kind: 'dingtalk', url }, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('errcode 300005: token is not exist');
  });

  it('"send too fast" (130101) is retryable', async () => {
    const robot = await dingtalkRobot({ limited: true });
    const err = await failure(
      sendNotice({ kind: 'dingtalk', url: urlOf(robot.base) }, buildNotice()),
    );
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^errcode 130101: send too fast/);
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Feishu custom bot: POST /open-apis/bot/v2/hook/<token>; with 签名校验 on, body timestamp (s,
 * within an hour) and sign = base64(HmacSHA256(key = timestamp + "\n" + secret, empty)).
 */
function feishuBot(opts: { secret?: string; answer?: 'ok' | 'legacy' | 'limited' | 'html' } = {}) {
  return startReceiver((r): Reply => {
    if (r.method !== 'POST' || !r.url.pathname.startsWith('/open-apis/bot/v2/hook/')) {
      return { status: 404, text: 'not found' };
    }
    if (r.url.pathname.split('/').pop() !== FEISHU_TOKEN) {
      return {
        json: {
          code: 19001,
          data: {},
          msg: 'param invalid: incoming webhook access token invalid',
        },
      };
    }
    const message = body(r);
    if (opts.secret) {
      const timestamp: unknown = message.timestamp;
      const expected = createHmac('sha256', `${String(timestamp)}\n${opts.secret}`).digest(
        'base64',
      );
      if (
        typeof timestamp !== 'string' ||
        Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600 ||
        message.sign !== expected
      ) {
        return {
          json: {
            code: 19021,
            data: {},
            msg: 'sign match fail or timestamp is not within one hour from current time',
          },
        };
      }
    }
    if (message.msg_type !== 'text' || typeof message.content?.text !== 'string') {
      return { json: { code: 9499, data: {}, msg: 'Bad Request' } };
    }
    switch (opts.answer ?? 'ok') {
      case 'legacy':
        return { json: { Extra: null, StatusCode: 0, StatusMessage: 'success' } };
      case 'limited':
        return { json: { code: 11232, data: {}, msg: 'frequency limited psm' } };
      case 'html':
        return { text: '<html>gateway</html>' };
      case 'ok':
        return {
          json: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' },
        };
    }
  });
}

describe('Feishu bot', () => {
  const urlOf = (base: string) => `${base}/open-apis/bot/v2/hook/${FEISHU_TOKEN}`;

  it('signs the body as Feishu checks it and posts text', async () => {
    const bot = await feishuBot({ secret: FEISHU_SECRET });
    const notice = buildNotice();
    const config = { kind: 'feishu' as const, url: urlOf(bot.base), secret: FEISHU_SECRET };
    const { detail } = await sendNotice(config, notice);
    expect(detail).toMatch(/^code 0 from 127\.0\.0\.1:\d+$/);
    const sent = body(bot.received[0]!);
    expect(sent).toEqual({
      timestamp: expect.stringMatching(/^\d{10}$/),
      sign: expect.any(String),
      msg_type: 'text',
      content: { text: renderText(notice) },
    });
  });

  it('sends no timestamp or sign without a secret, and takes the older StatusCode answer', async () => {
    const bot = await feishuBot({ answer: 'legacy' });
    const { detail } = await sendNotice({ kind: 'feishu', url: urlOf(bot.base) }, buildNotice());
    expect(detail).toMatch(/^code 0 from /);
    expect(Object.keys(body(bot.received[0]!))).toEqual(['msg_type', 'content']);
  });

  it('a wrong secret is code 19021, not retryable, without the secret', async () => {
    const bot = await feishuBot({ secret: FEISHU_SECRET });
    const config = { kind: 'feishu' as const, url: urlOf(bot.base), secret: 'another-secret' };
    const err = await failure(sendNotice(config, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      'code 19021: sign match fail or timestamp is not within one hour from current time',
    );
    expectNoSecret(err.message);
  });

  it('an unknown hook token is code 19001, not retryable', async () => {
    const bot = await feishuBot();
    const url = `${bot.base}/open-apis/bot/v2/hook/${FEISHU_TOKEN}x`;
    const err = await failure(sendNotice({ kind: 'feishu', url }, buildNotice()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^code 19001: /);
    expect(err.message).not.toContain(`${FEISHU_TOKEN}x`);
  });

  it('frequency limiting (11232) is retryable; an answer that is not JSON is not', async () => {
    const limited = await feishuBot({ answer: 'limited' });
    const err = await failure(
      sendNotice({ kind: 'feishu', url: urlOf(limited.base) }, buildNotice()),
    );
    expect([err.retryable, err.message]).toEqual([true, 'code 11232: frequency limited psm']);

    const html = await feishuBot({ answer: 'html' });
    const err2 = await failure(
      sendNotice({ kind: 'feishu', url: urlOf(html.base) }, buildNotice()),
    );
    expect(err2.retryable).toBe(false);
    expect(err2.message).toMatch(/^unexpected answer from 127\.0\.0\.1:\d+: not the bot's JSON$/);
  });
});
