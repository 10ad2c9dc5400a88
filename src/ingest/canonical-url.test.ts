// Canonical URLs of real-world addresses from the platforms the bureau watches: the same post
// reached through a share sheet, a crawler or a feed must come out as one address.

import { describe, expect, it } from 'vitest';
import { canonicalUrl } from './canonical-url.ts';

describe('canonicalUrl', () => {
  it.each([
    // WeChat permanent article link: __biz, mid, idx and sn identify the article.
    [
      'https://mp.weixin.qq.com/s?__biz=MzA4Njg1MjkzOA==&mid=2652098162&idx=1&sn=247d2fdd47071e11b6a632e9434dea58&chksm=84253a57b352b341f7526189265e3bfac3c36ef121b2baa05508cd07e703f01b082314457f0d&scene=21#wechat_redirect',
      'https://mp.weixin.qq.com/s?__biz=MzA4Njg1MjkzOA==&idx=1&mid=2652098162&sn=247d2fdd47071e11b6a632e9434dea58',
    ],
    // ...the same article as shared from the WeChat client.
    [
      'http://mp.weixin.qq.com/s?__biz=MzA4Njg1MjkzOA==&mid=2652098162&idx=1&sn=247d2fdd47071e11b6a632e9434dea58&chksm=84253a57&mpshare=1&scene=1&srcid=0301abcd&sharer_sharetime=1583030400000&sharer_shareid=5f3c1a2b&exportkey=AbCdEf%3D&pass_ticket=xyz%2Bq&ascene=1&devicetype=android-29&version=2700&nettype=WIFI&lang=zh_CN&key=abc&uin=MTIz#rd',
      'http://mp.weixin.qq.com/s?__biz=MzA4Njg1MjkzOA==&idx=1&mid=2652098162&sn=247d2fdd47071e11b6a632e9434dea58',
    ],
    // Pre-2014 WeChat article link.
    [
      'http://mp.weixin.qq.com/mp/appmsg/show?__biz=MjM5MDI5OTkyMA==&appmsgid=10000085&itemidx=1&sign=0e2a4c0f8b&scene=4#wechat_redirect',
      'http://mp.weixin.qq.com/mp/appmsg/show?__biz=MjM5MDI5OTkyMA==&appmsgid=10000085&itemidx=1&sign=0e2a4c0f8b',
    ],
    // WeChat short link: the path is the identity.
    [
      'https://mp.weixin.qq.com/s/LmWJGCLyddA9sAM7arYpag?scene=1&clicktime=1583030400&enterid=1583030400',
      'https://mp.weixin.qq.com/s/LmWJGCLyddA9sAM7arYpag',
    ],
    // Sogou's temporary WeChat link is signed: timestamp is part of it and stays.
    [
      'http://mp.weixin.qq.com/s?src=11&timestamp=1583030400&ver=2190&signature=aBc*dEf-GhI=&new=1',
      'http://mp.weixin.qq.com/s?new=1&signature=aBc*dEf-GhI=&src=11&timestamp=1583030400&ver=2190',
    ],
    // An account's album page is not an article: only reading context goes.
    [
      'https://mp.weixin.qq.com/mp/appmsgalbum?__biz=MzA4Njg1MjkzOA==&action=getalbum&album_id=1337&scene=173&from_msgid=2652098162&from_itemidx=1&count=3&nolastread=1#wechat_redirect',
      'https://mp.weixin.qq.com/mp/appmsgalbum?__biz=MzA4Njg1MjkzOA==&action=getalbum&album_id=1337&count=3&from_itemidx=1&from_msgid=2652098162&nolastread=1',
    ],
    // Weibo, mobile and desktop.
    [
      'HTTPS://M.Weibo.CN:443/status/4477123456789012?wm=3333_2001&from=10A1293010&sourcetype=weixin&featurecode=newtitle&s_trans=1234_4477&s_channel=4',
      'https://m.weibo.cn/status/4477123456789012',
    ],
    [
      'https://weibo.com/1642634100/Iwg5Wx1Zp?type=comment&sudaref=www.baidu.com&display=0&retcode=6102#_rnd1583030400000',
      'https://weibo.com/1642634100/Iwg5Wx1Zp?type=comment',
    ],
    [
      'https://m.weibo.cn/detail/4477123456789012?luicode=20000061&lfid=4477000000000000&jumpfrom=weibocom',
      'https://m.weibo.cn/detail/4477123456789012',
    ],
    // Weibo search keeps its query.
    [
      'https://s.weibo.com/weibo?q=%23%E7%94%98%E8%82%83%E7%BB%9F%E8%AE%A1%23&Refer=top',
      'https://s.weibo.com/weibo?q=%23%E7%94%98%E8%82%83%E7%BB%9F%E8%AE%A1%23&Refer=top',
    ],
    // Toutiao share link; group_id repeats the article id.
    [
      'https://www.toutiao.com/article/7189234567890123456/?log_from=1a2b3c&wid=1673000000000&app=news_article&timestamp=1673000000&use_new_style=1&req_id=202301011200&group_id=7189234567890123456&share_token=abc-def&tt_from=weixin&utm_source=weixin&utm_medium=toutiao_android&utm_campaign=client_share&wxshare_count=1&source=m_redirect',
      'https://www.toutiao.com/article/7189234567890123456',
    ],
    [
      'https://m.toutiao.com/is/iJ8Kx3Gd/?=%E7%BB%9F%E8%AE%A1',
      'https://m.toutiao.com/is/iJ8Kx3Gd?=%E7%BB%9F%E8%AE%A1',
    ],
    // Baidu: Baijiahao, feed landing page, Tieba.
    [
      'https://baijiahao.baidu.com/s?id=1660123456789012345&wfr=spider&for=pc',
      'https://baijiahao.baidu.com/s?id=1660123456789012345',
    ],
    [
      'https://mbd.baidu.com/newspage/data/landingsuper?context=%7B%22nid%22%3A%22news_9876543210%22%7D&n_type=-1&p_from=-1',
      'https://mbd.baidu.com/newspage/data/landingsuper?context=%7B%22nid%22%3A%22news_9876543210%22%7D',
    ],
    [
      'https://tieba.baidu.com/p/6512345678?share=9105&fr=share&sfc=copy&client_type=2&client_version=11.3.8.2&st=1583030400&unique=ABCDEF&red_tag=1234567',
      'https://tieba.baidu.com/p/6512345678?share=9105&st=1583030400&unique=ABCDEF',
    ],
    // Government sites, including pages opened from a WeChat share.
    [
      'http://www.gov.cn/zhengce/content/2020-03/01/content_5485231.htm?from=timeline&isappinstalled=0',
      'http://www.gov.cn/zhengce/content/2020-03/01/content_5485231.htm',
    ],
    [
      'http://tjj.gansu.gov.cn/tjj/c109457/202003/c3fb8a58a8d84a0a9bd2d2f0d5b6a1e4.shtml',
      'http://tjj.gansu.gov.cn/tjj/c109457/202003/c3fb8a58a8d84a0a9bd2d2f0d5b6a1e4.shtml',
    ],
    [
      'https://www.stats.gov.cn/sj/zxfb/202302/t20230228_1919011.html?utm_source=wechat&utm_medium=social',
      'https://www.stats.gov.cn/sj/zxfb/202302/t20230228_1919011.html',
    ],
    // News portals.
    [
      'https://news.sina.com.cn/c/2020-03-01/doc-iimxyqvz6912345.shtml?cre=tianyi&mod=pcpager_news&loc=1&r=0&rfunc=53&tj=none&tr=9',
      'https://news.sina.com.cn/c/2020-03-01/doc-iimxyqvz6912345.shtml',
    ],
    [
      'https://www.sohu.com/a/376123456_120001234?spm=smpc.home.top-news2.3.1583030400000abc&_f=index_news_2&scm=1002.44003c',
      'https://www.sohu.com/a/376123456_120001234',
    ],
    [
      'https://www.163.com/news/article/F6A1B2C3000189FG.html?clickfrom=w_yw&spss=newsapp',
      'https://www.163.com/news/article/F6A1B2C3000189FG.html',
    ],
    [
      'https://new.qq.com/rain/a/20200301A0ABCD00?ADTAG=wx&pgv_ref=aio2015&shareto=wx&openwith=1',
      'https://new.qq.com/rain/a/20200301A0ABCD00',
    ],
    [
      'https://m.thepaper.cn/newsDetail_forward_6212345?from=singlemessage&isappinstalled=0',
      'https://m.thepaper.cn/newsDetail_forward_6212345',
    ],
    [
      'http://www.xinhuanet.com/politics/2020-03/01/c_1125649123.htm',
      'http://www.xinhuanet.com/politics/2020-03/01/c_1125649123.htm',
    ],
    [
      'https://www.zhihu.com/question/371234567/answer/1012345678?utm_source=wechat_session&utm_medium=social&utm_oi=123456&share_code=abcdef',
      'https://www.zhihu.com/question/371234567/answer/1012345678',
    ],
    [
      'https://www.bilibili.com/video/BV1xx411c7mD/?spm_id_from=333.999&vd_source=0123abcd&share_session_id=xyz',
      'https://www.bilibili.com/video/BV1xx411c7mD?spm_id_from=333.999',
    ],
  ])('%s', (raw, expected) => {
    expect(canonicalUrl(raw)).toBe(expected);
  });

  it('lower-cases scheme and host, drops default ports and keeps other ports', () => {
    expect(canonicalUrl('HTTP://WWW.GOV.CN:80/Zhengce/Index.HTM')).toBe(
      'http://www.gov.cn/Zhengce/Index.HTM',
    );
    expect(canonicalUrl('https://example.com:443/a')).toBe('https://example.com/a');
    expect(canonicalUrl('https://example.com:8443/a')).toBe('https://example.com:8443/a');
    expect(canonicalUrl('http://example.com:443/a')).toBe('http://example.com:443/a');
  });

  it('keeps http and https apart', () => {
    expect(canonicalUrl('http://www.gov.cn/a')).not.toBe(canonicalUrl('https://www.gov.cn/a'));
  });

  it('writes international domain names in punycode and drops a trailing dot', () => {
    expect(canonicalUrl('https://统计局.中国/新闻/')).toBe(
      'https://xn--dgtp91f7xi.xn--fiqs8s/%E6%96%B0%E9%97%BB',
    );
    expect(canonicalUrl('https://www.gov.cn./a')).toBe('https://www.gov.cn/a');
  });

  it('drops user name and password', () => {
    expect(canonicalUrl('https://user:secret@example.com/a')).toBe('https://example.com/a');
  });

  it('normalises percent-encoding', () => {
    expect(canonicalUrl('https://example.com/%7euser/%e4%b8%ad%2f?q=%e4%b8%ad&x=%41')).toBe(
      'https://example.com/~user/%E4%B8%AD%2F?q=%E4%B8%AD&x=A',
    );
  });

  it('drops a trailing slash except on the root', () => {
    expect(canonicalUrl('https://example.com/news/')).toBe('https://example.com/news');
    expect(canonicalUrl('https://example.com/news//')).toBe('https://example.com/news');
    expect(canonicalUrl('https://example.com/')).toBe('https://example.com/');
    expect(canonicalUrl('https://example.com')).toBe('https://example.com/');
    expect(canonicalUrl('https://example.com/?a=1')).toBe('https://example.com/?a=1');
  });

  it('resolves dot segments', () => {
    expect(canonicalUrl('https://example.com/a/./b/../c')).toBe('https://example.com/a/c');
  });

  it('sorts parameters by name and keeps the order of repeated names', () => {
    expect(canonicalUrl('https://example.com/p?b=2&a=9&c=3&a=1&&')).toBe(
      'https://example.com/p?a=9&a=1&b=2&c=3',
    );
  });

  it('keeps each pair as it was encoded', () => {
    expect(canonicalUrl('https://example.com/s?wd=a+b&path=/x/y&t=%20')).toBe(
      'https://example.com/s?path=/x/y&t=%20&wd=a+b',
    );
  });

  it('matches tracking names case-insensitively and when percent-encoded', () => {
    expect(canonicalUrl('https://example.com/a?UTM_Source=x&%73pm=1&id=5')).toBe(
      'https://example.com/a?id=5',
    );
  });

  it('removes the generic tracking set on any site', () => {
    const tracking = [
      'utm_source=a', 'utm_medium=b', 'utm_campaign=c', 'utm_term=d', 'utm_content=e', 'spm=1.2',
      'from=timeline', 'isappinstalled=0', 'share_token=t', 'share_source=s', 'wfr=spider',
      'ref=nav', 'scene=1', 'clicktime=1', 'enterid=1', 'timestamp=1', 'chksm=c', 'mpshare=1',
      'srcid=s', 'sharer_sharetime=1', 'sharer_shareid=s', 'exportkey=k', 'pass_ticket=p',
      'gclid=g', 'fbclid=f',
    ]; // prettier-ignore
    expect(canonicalUrl(`https://news.example.cn/a.html?id=7&${tracking.join('&')}`)).toBe(
      'https://news.example.cn/a.html?id=7',
    );
  });

  it('keeps site-specific names on other sites', () => {
    expect(canonicalUrl('https://data.example.cn/q?r=1&mod=2&source=nbs&for=2020&type=x')).toBe(
      'https://data.example.cn/q?for=2020&mod=2&r=1&source=nbs&type=x',
    );
  });

  it('keeps timestamp on signed addresses', () => {
    expect(canonicalUrl('https://cdn.example.cn/f.pdf?timestamp=1583030400&sign=ab12')).toBe(
      'https://cdn.example.cn/f.pdf?sign=ab12&timestamp=1583030400',
    );
  });

  it('keeps a client-side route in the fragment and drops anchors', () => {
    expect(canonicalUrl('https://h5.example.gov.cn/#/news/detail?id=123&utm_source=wx&b=1')).toBe(
      'https://h5.example.gov.cn/#/news/detail?b=1&id=123',
    );
    expect(canonicalUrl('https://example.com/#!/post/5')).toBe('https://example.com/#!/post/5');
    expect(canonicalUrl('https://example.com/a#section-2')).toBe('https://example.com/a');
    expect(canonicalUrl('https://example.com/a#')).toBe('https://example.com/a');
  });

  it('resolves relative addresses against a base', () => {
    expect(
      canonicalUrl('../c109465/x.shtml?spm=1', 'https://tjj.gansu.gov.cn/tjj/c109464/index.shtml'),
    ).toBe('https://tjj.gansu.gov.cn/tjj/c109465/x.shtml');
    expect(canonicalUrl('//weibo.com/123/abc', 'https://m.weibo.cn/')).toBe(
      'https://weibo.com/123/abc',
    );
    expect(canonicalUrl('https://other.cn/x', 'https://example.com/')).toBe('https://other.cn/x');
  });

  it('trims surrounding whitespace', () => {
    expect(canonicalUrl('  https://example.com/a \n')).toBe('https://example.com/a');
  });

  it.each([
    ['not a URL', 'not a url'],
    ['a relative path without a base', '/relative/path'],
    ['a scheme-less host', 'weibo.com/123/abc'],
    ['an FTP address', 'ftp://example.com/a'],
    ['a mailto address', 'mailto:tjj@gansu.gov.cn'],
    ['javascript', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<p>x</p>'],
    ['an empty string', ''],
    ['a bad host', 'http://exa mple.com/'],
    ['a bad base', 'x'],
  ])('returns null for %s', (_, raw) => {
    expect(canonicalUrl(raw, raw === 'x' ? 'not a base' : undefined)).toBeNull();
  });

  it('is idempotent', () => {
    const samples = [
      'https://mp.weixin.qq.com/s?__biz=MzA4Njg1MjkzOA==&mid=2652098162&idx=1&sn=247d&scene=21#rd',
      'https://example.com/%7euser/%e4%b8%ad/?b=2&a=1#/r?utm_source=x',
      'https://统计局.中国/新闻/?q=统计',
    ];
    for (const raw of samples) {
      const once = canonicalUrl(raw);
      expect(once).not.toBeNull();
      expect(canonicalUrl(once ?? '')).toBe(once);
    }
  });
});
