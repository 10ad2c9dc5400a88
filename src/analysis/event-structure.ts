// The structure a post's text carries that says which event it belongs to, beside its words:
// `#话题#` hashtags, Weibo repost chains (`own words//@user: reposted text`), URLs. Used by the
// event clusterer (event-cluster.ts).

/** Weibo's repost marker: `//@name:` (ASCII or full-width colon, optional spaces). */
const REPOST_MARK = /\/\/\s?@([^\s:：/@]{1,30})\s?[:：]/gu;
const HASHTAG = /#([^#\n]{1,60})#/gu;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'，。！？；、）)】》「」]+/giu;
const MENTION = /@[\p{L}\p{N}_-]{1,30}/gu;
const EMOTICON = /\[[^[\]\s]{1,10}\]/gu;

/** Parameters that only track visits; they never change which page a URL shows. */
const TRACKING_PARAM =
  /^(?:utm_\w+|spm|from|source|share_?\w*|ref|refer|scene|timestamp|isappinstalled|wfr|vd_source|srcid|clicktime|enterid|sharer_\w+|mid|sn_\w+)$/iu;

export interface PostStructure {
  /** The post's own words: the text before the first repost marker. */
  own: string;
  /**
   * The reposted texts, outermost first: after each `//@name:` marker, the rest of the text
   * (nested markers included), which is the full text of the post reposted at that level.
   */
  reposted: string[];
  /** Distinct hashtags (without `#`, trimmed), in order of first appearance. */
  hashtags: string[];
  /** Distinct canonical URLs. */
  urls: string[];
}

export function postStructure(text: string): PostStructure {
  const marks = [...text.matchAll(REPOST_MARK)];
  const own = marks.length > 0 ? text.slice(0, marks[0]?.index) : text;
  const reposted = marks.map((m) => text.slice((m.index ?? 0) + m[0].length));
  const hashtags = unique([...text.matchAll(HASHTAG)].map((m) => (m[1] ?? '').trim())).filter(
    (t) => t !== '',
  );
  const urls = unique(
    [...text.matchAll(URL_PATTERN)].map((m) => canonicalUrl(m[0])).filter((u): u is string => !!u),
  );
  return { own, reposted, hashtags, urls };
}

/**
 * One spelling per page: lower-case scheme and host without `www.`/`m.`, no fragment, no
 * tracking parameters, remaining parameters sorted, no trailing slash; `undefined` when the text
 * is not a URL. The scheme is dropped, so http and https agree.
 */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.replace(/[.,;:!?]+$/u, ''));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^(?:www|m|wap|mobile)\./u, '');
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAM.test(k))
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = params.map(([k, v]) => `${k}=${v}`).join('&');
  const pathname = url.pathname.replace(/\/+$/u, '');
  return `${host}${url.port ? `:${url.port}` : ''}${pathname}${query ? `?${query}` : ''}`;
}

/** Text for word features: no URLs, @mentions, [emoticons] or hashtag marks. */
export function wordsText(text: string): string {
  return text
    .replace(URL_PATTERN, ' ')
    .replace(MENTION, ' ')
    .replace(EMOTICON, ' ')
    .replace(/#/gu, ' ');
}

/**
 * What two texts must share to be the same post for the repost-chain link: letters and digits,
 * lower-cased. Shorter than `minChars` (`转发微博`, `哈哈`): undefined, too common to link.
 */
export function textKey(text: string, minChars: number): string | undefined {
  const key = text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return [...key].length >= minChars ? key : undefined;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
