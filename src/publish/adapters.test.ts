// The publication adapters against loopback servers that check each request the way the real
// service does (path, method, query, content type, credentials, signature, fields) and answer
// with the service's own success and error bodies; then what can go wrong on the way for every
// channel: status codes, a refused connection, a receiver that never answers.
import { afterEach, describe, expect, it } from 'vitest';

import { closeLoopbackServers } from '../../test/loopback.ts';
import { verifyWebhookSignature } from '../notify/signing.ts';
import { refusedBase, startReceiver } from '../notify/test-fixtures.ts';
import type { Received, Reply } from '../notify/test-fixtures.ts';
import type { AdapterConfig } from './adapter-config.ts';
import { PublishError, publishTo, WEIBO_MAX_CHARS } from './adapters.ts';
import { releaseHeading, releaseHtml, releaseText } from './release-text.ts';
import type { PublishRequest, ReleaseContent } from './types.ts';

afterEach(closeLoopbackServers);

const WEBHOOK_SECRET = 'release-webhook-secret-5f0c2a91';
const WP_USER = 'xinwenban';
const WP_PASSWORD = 'Ab12 Cd34 Ef56 Gh78 Ij90 Kl12';
const WP_BASIC = Buffer.from(`${WP_USER}:${WP_PASSWORD}`).toString('base64');
const WEIBO_TOKEN = '2.00weibo_access_token_9f8e7d6c';
const WECHAT_APP_ID = 'wx3f1c2b4a5d6e7f80';
const WECHAT_SECRET = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const WECHAT_THUMB = 'thumb-media-id-Qm9vS2luZw';
/** What the fake WeChat hands out for the credentials above. */
const WECHAT_TOKEN = '78_wechat-access-token-AbCdEf0123456789';
const SECRETS = [
  WEBHOOK_SECRET,
  WP_PASSWORD,
  WP_PASSWORD.replace(/ /g, ''),
  WP_BASIC,
  WEIBO_TOKEN,
  WECHAT_SECRET,
  WECHAT_TOKEN,
];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** A clarification of a rumour with its Q&A, as a county government would issue it. */
const STATEMENT: ReleaseContent = {
  kind: 'clarification',
  title: '关于网传“某县自来水厂水源被污染”的情况说明',
  body:
    '3月1日上午，有网民在微博发布消息称某县自来水厂水源被污染、自来水"喝了会致癌"，引发关注。\n\n' +
    '我局高度重视，立即会同县卫生健康局、县水务集团开展核查。经查，3月1日凌晨城区供水管网维修导致部分小区短时停水，' +
    '恢复供水初期水质浑浊，系管道内沉积物扰动所致，与水源无关。\n\n' +
    '请广大网民不信谣、不传谣，如有疑问可拨打24小时服务热线12345。',
  qa: [
    {
      question: '现在自来水能不能喝？',
      answer:
        '能。3月1日14时起，县疾控中心在城区12个点位采样检测，浊度、余氯等指标均符合《生活饮用水卫生标准》（GB 5749-2022）。',
    },
    {
      question: '停水期间造成的损失怎么办？',
      answer: '可向县水务集团客服中心反映，\n电话：0931-1234567（工作日 8:30-17:30）。',
    },
  ],
  claim: '某县自来水厂水源被污染，自来水"喝了会致癌"。',
  facts:
    '水源地水质在线监测数据正常。3月1日部分小区水质浑浊系管网维修后沉积物扰动所致，已于当日12时前冲洗完毕。',
  factSource: '县水务局、县疾病预防控制中心检测报告（编号 SZ-2025-0301&0302）',
};

const REQUEST: PublishRequest = {
  releaseId: 'rel-20250301-0001',
  unitName: '某县人民政府新闻办公室',
  content: STATEMENT,
  publishedAt: '2025-03-01T08:00:00.000Z',
  pageUrl: 'https://yuqing.example.gov.cn/releases/rel-20250301-0001',
};

function json(request: Received): any {
  return JSON.parse(request.body);
}

/** The PublishError a publication failed with (fails the test when it succeeded or threw another). */
async function failure(promise: Promise<unknown>): Promise<PublishError> {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof PublishError) return err;
    throw err;
  }
  throw new Error('expected the publication to fail');
}

function hostOf(base: string): string {
  return base.slice('http://'.length);
}

// ---------------------------------------------------------------------------------------------

/** Our webhook's receiver: checks method, path, content type and the signature (401 if wrong). */
function webhookReceiver(secret: string, answer: Reply) {
  return startReceiver((r): Reply => {
    if (r.method !== 'POST' || r.url.pathname !== '/hooks/release') {
      return { status: 404, text: 'not found' };
    }
    if (r.headers['content-type'] !== 'application/json; charset=utf-8') {
      return { status: 415, text: 'want JSON' };
    }
    const ok = verifyWebhookSignature(
      secret,
      r.headers['x-yuqing-timestamp'] as string | undefined,
      r.body,
      r.headers['x-yuqing-signature'] as string | undefined,
      Math.floor(Date.now() / 1000),
    );
    return ok ? answer : { status: 401, text: 'bad signature' };
  });
}

describe('webhook / CMS push', () => {
  const configAt = (base: string): AdapterConfig => ({
    kind: 'webhook',
    url: `${base}/hooks/release`,
    secret: WEBHOOK_SECRET,
  });

  it('posts the statement as signed JSON, word for word, and reads {url, id}', async () => {
    const receiver = await webhookReceiver(WEBHOOK_SECRET, {
      json: { url: 'https://cms.example.gov.cn/xwfb/8842.html', id: 8842 },
    });
    const result = await publishTo(configAt(receiver.base), REQUEST);
    expect(result).toEqual({
      url: 'https://cms.example.gov.cn/xwfb/8842.html',
      externalId: '8842',
      detail: `HTTP 200 from ${hostOf(receiver.base)}, id 8842`,
    });
    const [request] = receiver.received;
    expect(json(request!)).toEqual({
      type: 'yuqing.release',
      releaseId: REQUEST.releaseId,
      unitName: REQUEST.unitName,
      kind: 'clarification',
      title: STATEMENT.title,
      body: STATEMENT.body,
      qa: STATEMENT.qa,
      claim: STATEMENT.claim,
      facts: STATEMENT.facts,
      factSource: STATEMENT.factSource,
      text: releaseText(STATEMENT),
      html: releaseHtml(STATEMENT),
      publishedAt: REQUEST.publishedAt,
      pageUrl: REQUEST.pageUrl,
    });
    // Chinese as UTF-8, not \u escapes.
    expect(request!.body).toContain(STATEMENT.title);
    expect(request!.body).not.toMatch(/\\u[0-9a-f]{4}/i);
  });

  it('an answer without JSON leaves url and id null', async () => {
    const receiver = await webhookReceiver(WEBHOOK_SECRET, { status: 204 });
    const result = await publishTo(configAt(receiver.base), REQUEST);
    expect(result).toEqual({
      url: null,
      externalId: null,
      detail: `HTTP 204 from ${hostOf(receiver.base)}`,
    });
  });

  it('a receiver holding another secret refuses it: 401, not retryable', async () => {
    const receiver = await webhookReceiver(`${WEBHOOK_SECRET}-rotated`, { status: 204 });
    const err = await failure(publishTo(configAt(receiver.base), REQUEST));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`webhook: HTTP 401 from ${hostOf(receiver.base)}, bad signature`);
  });

  it('masks the secret a receiver echoes back', async () => {
    const receiver = await startReceiver(() => ({
      status: 400,
      text: `rejected: key ${WEBHOOK_SECRET} is not ours`,
    }));
    const err = await failure(publishTo(configAt(receiver.base), REQUEST));
    expect(err.message).toBe(
      `webhook: HTTP 400 from ${hostOf(receiver.base)}, rejected: key •••• is not ours`,
    );
  });
});

// ---------------------------------------------------------------------------------------------

const WP_LINK = 'https://www.example.gov.cn/2025/03/01/guanyu-wangchuan-qingkuang-shuoming/';

/**
 * WordPress REST API, POST {site}/wp-json/wp/v2/posts: Basic auth with an application password
 * (WordPress drops its spaces), a JSON body; answers 201 with the post or {code, message, data}.
 */
function wordpress(site = '') {
  return startReceiver((r): Reply => {
    if (r.url.pathname !== `${site}/wp-json/wp/v2/posts` || r.url.search !== '') {
      return {
        status: 404,
        json: {
          code: 'rest_no_route',
          message: '未找到匹配URL和请求方式的路由。',
          data: { status: 404 },
        },
      };
    }
    if (r.method !== 'POST') return { status: 405, text: 'method not allowed' };
    const basic = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(r.headers.authorization ?? '');
    const [user, ...rest] = Buffer.from(basic?.[1] ?? '', 'base64')
      .toString('utf8')
      .split(':');
    const password = rest.join(':').replace(/[^a-z\d]/gi, '');
    if (user !== WP_USER || password !== WP_PASSWORD.replace(/ /g, '')) {
      return {
        status: 401,
        json: {
          code: 'incorrect_password',
          message: '提供的密码是无效的应用密码。',
          data: { status: 401 },
        },
      };
    }
    if (r.headers['content-type'] !== 'application/json; charset=utf-8') {
      return {
        status: 400,
        json: { code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: {} },
      };
    }
    const post = json(r);
    if (typeof post.title !== 'string' || typeof post.content !== 'string') {
      return {
        status: 400,
        json: {
          code: 'rest_invalid_param',
          message: '无效参数：title',
          data: { status: 400, params: { title: 'title is not of type string.' } },
        },
      };
    }
    return {
      status: 201,
      json: {
        id: 4321,
        date: '2025-03-01T16:00:00',
        status: post.status,
        link: WP_LINK,
        title: { raw: post.title, rendered: post.title },
        categories: post.categories ?? [1],
      },
    };
  });
}

describe('website CMS (WordPress)', () => {
  const configAt = (baseUrl: string, more: Partial<AdapterConfig> = {}): AdapterConfig =>
    ({
      kind: 'website_cms',
      baseUrl,
      username: WP_USER,
      applicationPassword: WP_PASSWORD,
      categoryId: 7,
      ...more,
    }) as AdapterConfig;

  it('creates a published post with the heading, the HTML and a link to our page', async () => {
    const site = await wordpress();
    const result = await publishTo(configAt(site.base), REQUEST);
    expect(result).toEqual({
      url: WP_LINK,
      externalId: '4321',
      detail: `HTTP 201 from ${hostOf(site.base)}, post 4321`,
    });
    const [request] = site.received;
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(`Basic ${WP_BASIC}`);
    expect(json(request!)).toEqual({
      title: `【辟谣】${STATEMENT.title}`,
      content: `${releaseHtml(STATEMENT)}<p>原文链接：<a href="${REQUEST.pageUrl}">${REQUEST.pageUrl}</a></p>`,
      status: 'publish',
      categories: [7],
    });
    expectNoSecret(result.detail);
  });

  it('keeps the site sub-path, drops a trailing slash, sends no category when none is set', async () => {
    const site = await wordpress('/cms');
    const config = configAt(`${site.base}/cms/`, { categoryId: undefined });
    const result = await publishTo(config, REQUEST);
    expect(result.externalId).toBe('4321');
    expect(site.received[0]?.url.pathname).toBe('/cms/wp-json/wp/v2/posts');
    expect(json(site.received[0]!)).not.toHaveProperty('categories');
  });

  it('a wrong application password is 401, not retryable, with WordPress code and message', async () => {
    const site = await wordpress();
    const err = await failure(
      publishTo(configAt(site.base, { applicationPassword: 'Zz99 Zz99 Zz99 Zz99' }), REQUEST),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      `website CMS: HTTP 401 from ${hostOf(site.base)}, incorrect_password: 提供的密码是无效的应用密码。`,
    );
    expect(err.message).not.toContain('Zz99');
  });

  it.each([
    [403, 'rest_cannot_create', false],
    [400, 'rest_invalid_param', false],
    [429, 'too_many_requests', true],
    [500, 'internal_server_error', true],
  ])('HTTP %i %s: retryable %s', async (status, code, retryable) => {
    const site = await startReceiver(() => ({
      status,
      json: { code, message: `抱歉 (${code})`, data: { status } },
    }));
    const err = await failure(publishTo(configAt(site.base), REQUEST));
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(
      `website CMS: HTTP ${status} from ${hostOf(site.base)}, ${code}: 抱歉 (${code})`,
    );
  });

  it('masks the password and the Basic credentials a server echoes', async () => {
    const site = await startReceiver((r) => ({
      status: 403,
      json: {
        code: 'rest_cannot_create',
        message: `not allowed for ${r.headers.authorization} (${WP_PASSWORD.replace(/ /g, '')})`,
      },
    }));
    const err = await failure(publishTo(configAt(site.base), REQUEST));
    expect(err.message).toContain('not allowed for Basic •••• (••••)');
    expectNoSecret(err.message);
  });

  it('a 200 web page instead of the REST API is not retryable (check first)', async () => {
    const site = await startReceiver(() => ({ text: '<!doctype html><title>首页</title>' }));
    const err = await failure(publishTo(configAt(site.base), REQUEST));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^website CMS: unexpected answer from 127\.0\.0\.1:\d+: HTTP 200/);
  });
});

// ---------------------------------------------------------------------------------------------

// Larger than 2^53: only idstr says it exactly.
const WEIBO_ID = '9139874563214789';
const WEIBO_UID = '7654321098';

/** The number of characters as Weibo's 140 counts them at most (every character one). */
function charCount(text: string): number {
  return [...text].length;
}

/**
 * Weibo statuses/share: POST /2/statuses/share.json as a form with exactly access_token and
 * status; the status at most 140 characters and carrying a link; errors as
 * {error, error_code, request}.
 */
function weibo(fail?: { status: number; error_code: number; error: string }) {
  return startReceiver((r): Reply => {
    const request = '/2/statuses/share.json';
    const error = (status: number, error_code: number, message: string): Reply => ({
      status,
      json: { error: message, error_code, request },
    });
    if (r.url.pathname !== request || r.url.search !== '') {
      return error(404, 10020, 'Request Api not found!');
    }
    if (r.method !== 'POST')
      return error(405, 10021, 'HTTP method is not suported for this request!');
    if (!r.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return error(400, 10007, 'Unsupport mediatype (application/json)');
    }
    const form = new URLSearchParams(r.body);
    if ([...form.keys()].sort().join(',') !== 'access_token,status') {
      return error(400, 10008, 'Param error, see doc for more info.');
    }
    if (form.get('access_token') !== WEIBO_TOKEN) return error(400, 21332, 'invalid_access_token');
    if (fail) return error(fail.status, fail.error_code, fail.error);
    const status = form.get('status') ?? '';
    if (charCount(status) > WEIBO_MAX_CHARS) {
      return error(400, 20012, 'Text too long, please input text less than 140 characters!');
    }
    if (!status.includes(REQUEST.pageUrl)) {
      return error(
        400,
        10017,
        "parameter (status)'s value invalid, expect (must contain a safe url)",
      );
    }
    // Written out by hand: JSON.stringify would round the id.
    return {
      text: `{"created_at":"Sat Mar 01 16:00:00 +0800 2025","id":${WEIBO_ID},"idstr":"${WEIBO_ID}","mid":"${WEIBO_ID}","text":${JSON.stringify(status)},"user":{"id":${WEIBO_UID},"idstr":"${WEIBO_UID}","screen_name":"某县发布"}}`,
    };
  });
}

describe('Weibo', () => {
  const configAt = (apiBase: string): AdapterConfig => ({
    kind: 'weibo',
    apiBase,
    accessToken: WEIBO_TOKEN,
  });

  it('shares a post of at most 140 characters: heading, the start of the text, the page link', async () => {
    const api = await weibo();
    const result = await publishTo(configAt(api.base), REQUEST);
    expect(result).toEqual({
      url: `https://weibo.com/${WEIBO_UID}/${WEIBO_ID}`,
      externalId: WEIBO_ID,
      detail: `HTTP 200 from ${hostOf(api.base)}, post ${WEIBO_ID}`,
    });
    const status = new URLSearchParams(api.received[0]!.body).get('status')!;
    expect(charCount(status)).toBe(WEIBO_MAX_CHARS);
    const tail = ` 全文：${REQUEST.pageUrl}`;
    expect(status.endsWith(tail)).toBe(true);
    const lead = status.slice(0, -tail.length);
    expect(lead.endsWith('…')).toBe(true);
    const whole = `【辟谣】${STATEMENT.title}：${releaseText(STATEMENT).replace(/\s+/g, ' ')}`;
    expect(whole.startsWith(lead.slice(0, -1))).toBe(true);
    expect(api.received[0]?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
  });

  it('a short statement goes whole, its line breaks as spaces', async () => {
    const api = await weibo();
    const content: ReleaseContent = {
      kind: 'statement',
      title: '关于城区供水恢复的通告',
      body: '3月1日12时起城区已全面恢复供水。\n\n感谢广大市民的理解与支持。',
      qa: [],
      claim: null,
      facts: null,
      factSource: null,
    };
    await publishTo(configAt(api.base), { ...REQUEST, content });
    expect(new URLSearchParams(api.received[0]!.body).get('status')).toBe(
      `关于城区供水恢复的通告：3月1日12时起城区已全面恢复供水。 感谢广大市民的理解与支持。 全文：${REQUEST.pageUrl}`,
    );
  });

  it.each([
    [400, 21327, 'expired_token', false],
    [400, 21332, 'invalid_access_token', false],
    [400, 20019, 'Repeat weibo text!', false],
    [400, 20012, 'Text too long, please input text less than 140 characters!', false],
    [403, 10023, 'User requests out of rate limit!', true],
    [403, 10024, 'User requests for (statuses/share) out of rate limit!', true],
    [500, 10001, 'System error', true],
    [400, 10014, 'Insufficient app permissions!', false],
  ])('HTTP %i error_code %i (%s): retryable %s', async (status, code, error, retryable) => {
    const api = await weibo({ status, error_code: code, error });
    const err = await failure(publishTo(configAt(api.base), REQUEST));
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(
      `Weibo: HTTP ${status} from ${hostOf(api.base)}, error_code ${code}: ${error}`,
    );
  });

  it('a wrong token is not retryable and not repeated', async () => {
    const api = await startReceiver((r) => ({
      status: 400,
      json: {
        error: `invalid_access_token ${new URLSearchParams(r.body).get('access_token')}`,
        error_code: 21332,
        request: '/2/statuses/share.json',
      },
    }));
    const err = await failure(publishTo(configAt(api.base), REQUEST));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/error_code 21332: invalid_access_token ••••$/);
    expectNoSecret(err.message);
  });

  it('refuses a page address that leaves no room, before calling Weibo', async () => {
    const api = await weibo();
    const pageUrl = `https://yuqing.example.gov.cn/releases/${'x'.repeat(140)}`;
    const err = await failure(publishTo(configAt(api.base), { ...REQUEST, pageUrl }));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^Weibo: the page address \(\d+ characters\) leaves no room/);
    expect(api.received).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

const WECHAT_MEDIA_ID = 'Q9K3fOy8Xh0rUj4aRkz7d1TnWg2vLs5bCe6pMq0iY';
const WECHAT_PUBLISH_ID = '2247483684';
const WECHAT_ARTICLE_URL = 'https://mp.weixin.qq.com/s/Ab3dEfGhIjKlMnOpQrStUv';

interface WechatFake {
  /** Overrides the answer of one call, by path (after the checks). */
  fail?: { path: string; reply: Reply | ((r: Received) => Reply) };
  publishStatus?: number;
}

/**
 * A WeChat official account API: token by appid and secret (GET), then draft/add,
 * freepublish/submit and freepublish/get (POST JSON with ?access_token=), each checking what
 * the previous one handed out. Errors come as HTTP 200 {errcode, errmsg}.
 */
async function wechat(fake: WechatFake = {}) {
  const articles: any[] = [];
  const server = await startReceiver((r): Reply => {
    const error = (errcode: number, errmsg: string): Reply => ({ json: { errcode, errmsg } });
    const override = fake.fail?.path === r.url.pathname ? fake.fail.reply : undefined;
    if (r.url.pathname === '/cgi-bin/token') {
      if (r.method !== 'GET') return error(43001, 'require GET method');
      const q = r.url.searchParams;
      if ([...q.keys()].sort().join(',') !== 'appid,grant_type,secret') {
        return error(41002, 'appid missing');
      }
      if (q.get('grant_type') !== 'client_credential') return error(40002, 'invalid grant_type');
      if (q.get('appid') !== WECHAT_APP_ID) return error(40013, 'invalid appid rid: 67c2f0a1');
      if (q.get('secret') !== WECHAT_SECRET) {
        return error(40125, 'invalid appsecret rid: 67c2f0a2');
      }
      if (override) return typeof override === 'function' ? override(r) : override;
      return { json: { access_token: WECHAT_TOKEN, expires_in: 7200 } };
    }
    if (r.method !== 'POST') return error(43002, 'require POST method');
    if (r.url.searchParams.get('access_token') !== WECHAT_TOKEN) {
      return error(40001, 'invalid credential, access_token is invalid or not latest');
    }
    if (r.headers['content-type'] !== 'application/json; charset=utf-8') {
      return error(47001, 'data format error');
    }
    if (override) return typeof override === 'function' ? override(r) : override;
    const payload = json(r);
    switch (r.url.pathname) {
      case '/cgi-bin/draft/add': {
        const article = payload.articles?.[0];
        if (payload.articles?.length !== 1 || !article) return error(40114, 'invalid index value');
        if (article.thumb_media_id !== WECHAT_THUMB) return error(40007, 'invalid media_id');
        if (charCount(article.title) > 64) return error(45003, 'title size out of limit');
        if (charCount(article.author) > 16) return error(45110, 'author size out of limit');
        if (charCount(article.digest) > 120) return error(45004, 'description size out of limit');
        articles.push(article);
        return { json: { media_id: WECHAT_MEDIA_ID } };
      }
      case '/cgi-bin/freepublish/submit':
        if (payload.media_id !== WECHAT_MEDIA_ID) return error(40007, 'invalid media_id');
        return {
          json: {
            errcode: 0,
            errmsg: 'ok',
            publish_id: WECHAT_PUBLISH_ID,
            msg_data_id: 2247483685,
          },
        };
      case '/cgi-bin/freepublish/get': {
        if (payload.publish_id !== WECHAT_PUBLISH_ID) return error(40007, 'invalid media_id');
        const status = fake.publishStatus ?? 0;
        return {
          json: {
            publish_id: WECHAT_PUBLISH_ID,
            publish_status: status,
            ...(status === 0
              ? {
                  article_id: 'ARTICLE_ID_7ZpQ',
                  article_detail: { count: 1, item: [{ idx: 1, article_url: WECHAT_ARTICLE_URL }] },
                }
              : {}),
            fail_idx: status >= 2 ? [1] : [],
          },
        };
      }
      default:
        return error(48001, 'api unauthorized');
    }
  });
  return { ...server, articles, paths: () => server.received.map((r) => r.url.pathname) };
}

const WECHAT_FLOW = [
  '/cgi-bin/token',
  '/cgi-bin/draft/add',
  '/cgi-bin/freepublish/submit',
  '/cgi-bin/freepublish/get',
];

describe('WeChat official account', () => {
  const configAt = (apiBase: string, more: Partial<AdapterConfig> = {}): AdapterConfig =>
    ({
      kind: 'wechat',
      apiBase,
      appId: WECHAT_APP_ID,
      appSecret: WECHAT_SECRET,
      thumbMediaId: WECHAT_THUMB,
      ...more,
    }) as AdapterConfig;

  it('gets a token, adds the draft, submits it and reads the article address', async () => {
    const api = await wechat();
    const result = await publishTo(configAt(api.base), REQUEST);
    expect(result).toEqual({
      url: WECHAT_ARTICLE_URL,
      externalId: WECHAT_PUBLISH_ID,
      detail: `publish_id ${WECHAT_PUBLISH_ID} from ${hostOf(api.base)}: publish_status 0 (published)`,
    });
    expect(api.paths()).toEqual(WECHAT_FLOW);
    expect(Object.fromEntries(api.received[0]!.url.searchParams)).toEqual({
      grant_type: 'client_credential',
      appid: WECHAT_APP_ID,
      secret: WECHAT_SECRET,
    });
    const text = releaseText(STATEMENT).replace(/\s+/g, ' ');
    expect(api.articles).toEqual([
      {
        title: releaseHeading(STATEMENT),
        author: REQUEST.unitName,
        digest: `${[...text].slice(0, 119).join('').trimEnd()}…`,
        content: releaseHtml(STATEMENT),
        content_source_url: REQUEST.pageUrl,
        thumb_media_id: WECHAT_THUMB,
        need_open_comment: 0,
        only_fans_can_comment: 0,
      },
    ]);
    // UTF-8 Chinese, not \u escapes.
    const draftBody = api.received[1]!.body;
    expect(draftBody).toContain(STATEMENT.title);
    expect(draftBody).not.toMatch(/\\u[0-9a-f]{4}/i);
    expect(json(api.received[2]!)).toEqual({ media_id: WECHAT_MEDIA_ID });
    expect(json(api.received[3]!)).toEqual({ publish_id: WECHAT_PUBLISH_ID });
    expectNoSecret(result.detail);
  });

  it("cuts the title to 64 and the unit's name to 16 characters; a configured author wins", async () => {
    const api = await wechat();
    const content = { ...STATEMENT, title: `关于${'某县城区供水管网维修及'.repeat(6)}情况的说明` };
    const unitName = '某某省某某市某某县人民政府新闻办公室';
    await publishTo(configAt(api.base), { ...REQUEST, content, unitName });
    await publishTo(configAt(api.base, { author: '县融媒体中心' }), REQUEST);
    const [cut, authored] = api.articles;
    expect(charCount(cut.title)).toBe(64);
    expect(cut.title).toBe(`${[...releaseHeading(content)].slice(0, 63).join('')}…`);
    expect(cut.author).toBe(`${[...unitName].slice(0, 15).join('')}…`);
    expect(cut.content).toBe(releaseHtml(content));
    expect(authored.author).toBe('县融媒体中心');
  });

  it('still publishing: url null, the publish_id kept', async () => {
    const api = await wechat({ publishStatus: 1 });
    const result = await publishTo(configAt(api.base), REQUEST);
    expect(result).toEqual({
      url: null,
      externalId: WECHAT_PUBLISH_ID,
      detail: `publish_id ${WECHAT_PUBLISH_ID} from ${hostOf(api.base)}: publish_status 1 (publishing)`,
    });
  });

  it('a publication WeChat failed (publish_status 4) is not retryable', async () => {
    const api = await wechat({ publishStatus: 4 });
    const err = await failure(publishTo(configAt(api.base), REQUEST));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      `WeChat: publish_status 4 (rejected by the platform review) from ${hostOf(api.base)} for publish_id ${WECHAT_PUBLISH_ID}, fail_idx [1]`,
    );
  });

  it('once submitted, a failing status call does not fail the publication', async () => {
    const api = await wechat({
      fail: { path: '/cgi-bin/freepublish/get', reply: { status: 502, text: 'Bad Gateway' } },
    });
    const result = await publishTo(configAt(api.base), REQUEST);
    expect(result.url).toBeNull();
    expect(result.externalId).toBe(WECHAT_PUBLISH_ID);
    expect(result.detail).toBe(
      `submitted to ${hostOf(api.base)}, publish_id ${WECHAT_PUBLISH_ID}; status not read: HTTP 502 from ${hostOf(api.base)} (cgi-bin/freepublish/get), Bad Gateway`,
    );
  });

  it('a wrong app secret stops at the token, not retryable, the secret not repeated', async () => {
    const api = await wechat();
    const err = await failure(
      publishTo(configAt(api.base, { appSecret: `${WECHAT_SECRET}0` }), REQUEST),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      `WeChat: errcode 40125 from ${hostOf(api.base)} (cgi-bin/token): invalid appsecret rid: 67c2f0a2`,
    );
    expect(api.paths()).toEqual(['/cgi-bin/token']);
  });

  it('a wrong app id (40013) is not retryable', async () => {
    const api = await wechat();
    const err = await failure(
      publishTo(configAt(api.base, { appId: 'wx0000000000000000' }), REQUEST),
    );
    expect([err.retryable, err.message.slice(0, 21)]).toEqual([false, 'WeChat: errcode 40013']);
  });

  it.each([
    [
      '/cgi-bin/token',
      40164,
      'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist',
      false,
    ],
    [
      '/cgi-bin/draft/add',
      40001,
      'invalid credential, access_token is invalid or not latest',
      false,
    ],
    ['/cgi-bin/draft/add', 40007, 'invalid media_id', false],
    ['/cgi-bin/draft/add', 45009, 'reach max api daily quota limit', true],
    ['/cgi-bin/draft/add', -1, 'system error', true],
    ['/cgi-bin/freepublish/submit', 48001, 'api unauthorized', false],
    ['/cgi-bin/freepublish/submit', 45009, 'api freq out of limit', true],
  ])('%s errcode %i (%s): retryable %s', async (path, errcode, errmsg, retryable) => {
    const api = await wechat({ fail: { path, reply: { json: { errcode, errmsg } } } });
    const err = await failure(publishTo(configAt(api.base), REQUEST));
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(
      `WeChat: errcode ${errcode} from ${hostOf(api.base)} (${path.slice(1)}): ${errmsg}`,
    );
    expect(api.paths()).toEqual(WECHAT_FLOW.slice(0, WECHAT_FLOW.indexOf(path) + 1));
  });

  it('masks the access token and the app secret a server echoes', async () => {
    const api = await wechat({
      fail: {
        path: '/cgi-bin/draft/add',
        reply: (r) => ({
          json: {
            errcode: 40001,
            errmsg: `invalid credential ${r.url.searchParams.get('access_token')} for ${WECHAT_SECRET}`,
          },
        }),
      },
    });
    const err = await failure(publishTo(configAt(api.base), REQUEST));
    expect(err.message).toMatch(/: invalid credential •••• for ••••$/);
    expectNoSecret(err.message);
  });

  it('one deadline for all four calls: a stuck draft/add times out, retryable', async () => {
    const api = await wechat({ fail: { path: '/cgi-bin/draft/add', reply: 'hang' } });
    const err = await failure(publishTo(configAt(api.base), REQUEST, { timeoutMs: 300 }));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      `WeChat: timeout after 300 ms waiting for ${hostOf(api.base)} (cgi-bin/draft/add)`,
    );
    expect(api.paths()).toEqual(WECHAT_FLOW.slice(0, 2));
  });
});

// ---------------------------------------------------------------------------------------------

describe('manual', () => {
  it('has nothing to send: not retryable, a person does it', async () => {
    const err = await failure(publishTo({ kind: 'manual' }, REQUEST));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^manual: nothing to send: a person publishes it/);
  });
});

/** A config of each sending kind pointing at `base`, its label, and the first call's name. */
const channels: [string, string, string, (base: string) => AdapterConfig][] = [
  [
    'webhook',
    'webhook',
    '',
    (base) => ({ kind: 'webhook', url: `${base}/hooks/release`, secret: WEBHOOK_SECRET }),
  ],
  [
    'website_cms',
    'website CMS',
    '',
    (base) => ({
      kind: 'website_cms',
      baseUrl: base,
      username: WP_USER,
      applicationPassword: WP_PASSWORD,
    }),
  ],
  ['weibo', 'Weibo', '', (base) => ({ kind: 'weibo', apiBase: base, accessToken: WEIBO_TOKEN })],
  [
    'wechat',
    'WeChat',
    ' (cgi-bin/token)',
    (base) => ({
      kind: 'wechat',
      apiBase: base,
      appId: WECHAT_APP_ID,
      appSecret: WECHAT_SECRET,
      thumbMediaId: WECHAT_THUMB,
    }),
  ],
];

describe.each(channels)('%s failures', (_kind, label, step, configAt) => {
  it.each([
    [503, true],
    [502, true],
    [429, true],
    [404, false],
    [302, false],
  ])('HTTP %i: retryable %s', async (status, retryable) => {
    const receiver = await startReceiver(() => ({ status, text: 'Service Unavailable' }));
    const err = await failure(publishTo(configAt(receiver.base), REQUEST));
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(
      `${label}: HTTP ${status} from ${hostOf(receiver.base)}${step}, Service Unavailable`,
    );
    expectNoSecret(err.message);
  });

  it('a closed port is retryable', async () => {
    const base = await refusedBase();
    const err = await failure(publishTo(configAt(base), REQUEST));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`${label}: connection refused by ${hostOf(base)}${step}`);
  });

  it('a receiver that never answers times out, retryable', async () => {
    const receiver = await startReceiver(() => 'hang');
    const started = Date.now();
    const err = await failure(publishTo(configAt(receiver.base), REQUEST, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      `${label}: timeout after 300 ms waiting for ${hostOf(receiver.base)}${step}`,
    );
    expect(receiver.received).toHaveLength(1);
  });
});
