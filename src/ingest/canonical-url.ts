// One spelling per web address: the form under which a post's URL is stored and compared, so a
// post shared with tracking parameters and the same post found by a crawler are one mention.

/**
 * Query parameters that only say how a reader arrived (campaign, share, client, session), on any
 * site. Matched case-insensitively on the decoded name.
 */
// prettier-ignore
const TRACKING_PARAMS = new Set([
  // Campaign and ad-click tags (utm_* is matched as a prefix).
  'gclid', 'fbclid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi',
  // Alibaba/Youku-style position tracking, widely copied by Chinese portals.
  'spm', 'scm',
  // Share and referrer marks of WeChat, QQ and app share sheets.
  'from', 'ref', 'ref_src', 'isappinstalled', 'share_token', 'share_source', 'share_medium',
  'share_from', 'share_plat', 'share_tag', 'wfr', 'scene', 'clicktime', 'enterid',
  'timestamp', 'srcid', 'exportkey', 'pass_ticket', 'chksm', 'mpshare', 'wxshare_count',
  'sudaref', 'adtag', 'pgv_ref', 'vd_source',
]);

/** Prefixes of tracking parameters (`utm_source`, `sharer_sharetime`, `sharer_shareid`). */
const TRACKING_PREFIXES = ['utm_', 'sharer_'];

/**
 * Parameters that mark a signed address (CDN, temporary links): there `timestamp` is part of
 * the signature, so it stays.
 */
const SIGNATURE_PARAMS = new Set([
  'sign',
  'signature',
  'sig',
  'auth_key',
  'x-amz-signature',
  'x-oss-signature',
]);

/**
 * Tracking parameters of one site family. They are harmless elsewhere only by accident (`r`,
 * `mod`, `source` identify things on other sites), so they are removed only on these hosts.
 */
const SITE_TRACKING_PARAMS: readonly { domains: readonly string[]; params: ReadonlySet<string> }[] =
  [
    {
      // Weibo share links: client, share channel and feed-position marks.
      domains: ['weibo.com', 'weibo.cn'],
      // prettier-ignore
      params: new Set([
        'wm', 'sourcetype', 'featurecode', 'luicode', 'lfid', 'jumpfrom', 'display', 'retcode',
        's_trans', 's_channel', 'layerid', 'mblogid_from',
      ]),
    },
    {
      // WeChat's in-app reading context; never part of an address that identifies content.
      domains: ['mp.weixin.qq.com'],
      // prettier-ignore
      params: new Set([
        'ascene', 'subscene', 'devicetype', 'version', 'nettype', 'lang', 'abtest_cookie',
        'wx_header', 'key', 'uin', 'sessionid', 'fontgear', 'realreporttime', 'countrycode',
        'poc_token', 'rd2werd',
      ]),
    },
    {
      // Toutiao and Douyin (ByteDance) share links.
      domains: ['toutiao.com', 'douyin.com', 'iesdouyin.com', 'ixigua.com'],
      // prettier-ignore
      params: new Set([
        'app', 'use_new_style', 'req_id', 'tt_from', 'share_uid', 'share_did', 'upstream_biz',
        'log_from', 'wid', 'source', 'category_new', 'is_new_connect', 'is_new_user', 'iid', 'did',
        'u_code', 'with_sec_did', 'previous_page', 'enter_from', 'share_sign', 'share_version',
        'share_app_name', 'share_iid', 'ts', 'from_ssr', 'from_aid', 'titletype',
      ]),
    },
    {
      // Baidu: Baijiahao spider/PC marks, feed landing pages, Tieba share marks.
      domains: ['baidu.com'],
      // prettier-ignore
      params: new Set([
        'for', 'n_type', 'p_from', 'fr', 'sfc', 'client_type', 'client_version', 'red_tag',
        'share_from', 'sfr',
      ]),
    },
    {
      // Sina news: recommendation module and position.
      domains: ['sina.com.cn', 'sina.cn'],
      // prettier-ignore
      params: new Set([
        'cre', 'mod', 'loc', 'r', 'rfunc', 'tj', 'tr', 'vt', 'pos', 'wm', 'sinawapsharesource',
      ]),
    },
    { domains: ['sohu.com'], params: new Set(['pvid', '_f', '_trans_']) },
    { domains: ['163.com'], params: new Set(['spss', 'spsw', 'spssid', 'spsf', 'clickfrom']) },
    { domains: ['qq.com'], params: new Set(['shareto', 'openwith']) },
    { domains: ['zhihu.com'], params: new Set(['share_code']) },
    { domains: ['bilibili.com', 'b23.tv'], params: new Set(['share_session_id', 'bbid']) },
  ];

/**
 * A WeChat article is identified by `__biz` (the account), `mid` (the push), `idx` (the article's
 * place in that push) and `sn` (its signature): WeChat's own permanent link is
 * `/s?__biz=..&mid=..&idx=..&sn=..`. Before 2014 the names were `appmsgid`, `itemidx` and
 * `sign`. Everything else on such a link is reading context (chksm, scene, sharer_*, key,
 * pass_ticket...), so an article link keeps exactly these. The short form `/s/<token>` is
 * identified by its path; it cannot be tied to the long form without fetching it.
 */
const WECHAT_ARTICLE_KEYS = [
  ['__biz', 'mid', 'idx', 'sn'],
  ['__biz', 'appmsgid', 'itemidx', 'sign'],
];

function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** RFC 3986 6.2.2: upper-case hex digits, decode what never needed encoding. */
function normalisePercentEncoding(part: string): string {
  return part.replace(/%([0-9a-fA-F]{2})/gu, (_, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9\-._~]$/u.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function decodedName(piece: string): string {
  const name = piece.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/gu, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/** Whether the value of a `name=value` pair already appears in the path. */
function pathRepeats(path: string, piece: string): boolean {
  const at = piece.indexOf('=');
  const value = at < 0 ? '' : piece.slice(at + 1);
  return value !== '' && path.includes(value);
}

/**
 * The query without tracking parameters, sorted by name. Each kept pair keeps its own encoding
 * (re-serialising would turn `%20` into `+` and escape `/` and `:`, changing addresses servers
 * read differently); pairs of the same name keep their order, which can matter (`a=1&a=2`).
 */
function cleanQuery(query: string, host: string, path: string): string {
  const pieces = query
    .split('&')
    .filter((p) => p !== '')
    .map((piece) => ({ name: decodedName(piece), piece: normalisePercentEncoding(piece) }));
  const names = new Set(pieces.map((p) => p.name));

  if (onDomain(host, 'mp.weixin.qq.com') && (path === '/s' || path === '/mp/appmsg/show')) {
    const keys = WECHAT_ARTICLE_KEYS.find((set) => set.every((k) => names.has(k)));
    if (keys !== undefined) return sortPieces(pieces.filter((p) => keys.includes(p.name)));
  }

  // Toutiao repeats the article id of the path in `group_id`/`item_id` on share links only.
  const redundant = onDomain(host, 'toutiao.com') ? ['group_id', 'item_id'] : [];
  const signed = [...names].some((n) => SIGNATURE_PARAMS.has(n));
  const site = SITE_TRACKING_PARAMS.filter((s) => s.domains.some((d) => onDomain(host, d)));
  const kept = pieces.filter(({ name, piece }) => {
    if (name === 'timestamp' && signed) return true;
    if (redundant.includes(name) && pathRepeats(path, piece)) return false;
    if (TRACKING_PARAMS.has(name)) return false;
    if (TRACKING_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
    return !site.some((s) => s.params.has(name));
  });
  return sortPieces(kept);
}

function sortPieces(pieces: { name: string; piece: string }[]): string {
  // Array.prototype.sort is stable, so equal names keep their relative order.
  return pieces
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => p.piece)
    .join('&');
}

/**
 * A fragment is kept only when it is a client-side route (`#/news/123`, `#!/detail?id=5`): many
 * government and news single-page sites address content that way. Anchors and markers such as
 * `#rd`, `#wechat_redirect` or `#comment` name the same page and are dropped.
 */
function cleanFragment(hash: string, host: string): string {
  if (!hash.startsWith('#/') && !hash.startsWith('#!')) return '';
  const at = hash.indexOf('?');
  if (at < 0) return normalisePercentEncoding(hash);
  const query = cleanQuery(hash.slice(at + 1), host, '');
  return normalisePercentEncoding(hash.slice(0, at)) + (query === '' ? '' : `?${query}`);
}

/**
 * The canonical form of an http(s) address, or null when `raw` (resolved against `base` when
 * given) is not one. Scheme and host lower-cased (IDN hosts in punycode), default port, user
 * name and password dropped, percent-encoding normalised, a trailing slash dropped from a path
 * other than `/` (servers answer both forms with the same page), tracking parameters removed and
 * the rest sorted, the fragment dropped unless it is a client-side route. `http` and `https`
 * stay distinct: the same path on both is not always the same page.
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;

  // `example.com.` and `example.com` are the same name in DNS.
  const hostname = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (hostname === '') return null;
  const host = url.port === '' ? hostname : `${hostname}:${url.port}`;

  let path = normalisePercentEncoding(url.pathname);
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/u, '') || '/';

  const query = cleanQuery(url.search.slice(1), hostname, path);
  const fragment = cleanFragment(url.hash, hostname);
  return `${url.protocol}//${host}${path}${query === '' ? '' : `?${query}`}${fragment}`;
}
