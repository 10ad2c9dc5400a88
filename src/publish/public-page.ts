// The public record of official statements (权威信息发布): the list at GET /releases and one
// statement at GET /releases/{id}, rendered on the server as complete HTML documents for anyone
// (no sign-in, no scripts). Corrected and withdrawn statements stay on the record, marked as
// such, with their original words. Also the small pieces the Atom feed shares with the pages:
// times, order, addresses and the correction/withdrawal notices.
import { escapeHtml, releaseHeading, releaseHtml, releaseText } from './release-text.ts';
import {
  RELEASE_STATUS_LABELS,
  TALKING_POINT_KIND_LABELS,
  type PublicRelease,
  type ReleaseStatus,
} from './types.ts';

/** Asia/Shanghai is UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Characters XML 1.0 forbids (C0 controls but tab, newline and CR; lone surrogates; U+FFFE and
 * U+FFFF). HTML tolerates some of them, but no reader wants them, so both outputs drop them.
 */
// eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
const INVALID_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu;

export function stripInvalidChars(text: string): string {
  return text.replace(INVALID_CHARS, '');
}

/** `2026-11-29T07:04:00Z` (RFC 3339, UTC); an unreadable time is returned as given. */
export function rfc3339(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

/** `2026年11月29日 15:04` in Beijing time; an unreadable time is shown as given. */
export function formatShanghaiTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function timeValue(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** Newest publication first; equal times by id, so the order is stable. */
export function newestFirst(releases: readonly PublicRelease[]): PublicRelease[] {
  return [...releases].sort(
    (a, b) =>
      timeValue(b.publishedAt) - timeValue(a.publishedAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The base address without trailing slashes (`''` for a site at the root). */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The statement's public page: `${baseUrl}/releases/${id}`. */
export function releaseUrl(baseUrl: string, id: string): string {
  return `${trimBaseUrl(baseUrl)}/releases/${encodeURIComponent(id)}`;
}

export function feedUrl(baseUrl: string): string {
  return `${trimBaseUrl(baseUrl)}/releases/feed.xml`;
}

/** The reader's heading with 【已更正】 / 【已撤回】 before it when the statement is no longer in force. */
export function statusHeading(release: PublicRelease): string {
  const heading = releaseHeading(release.content);
  return release.status === 'published'
    ? heading
    : `【${RELEASE_STATUS_LABELS[release.status]}】${heading}`;
}

/** Whitespace collapsed and cut to `max` characters (code points), with … when cut. */
export function excerpt(text: string, max: number): string {
  const chars = [...stripInvalidChars(text).replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

function timeHtml(iso: string): string {
  return `<time datetime="${escapeHtml(rfc3339(iso))}">${escapeHtml(formatShanghaiTime(iso))}</time>`;
}

function linkTo(baseUrl: string, id: string, lookup: ReadonlyMap<string, PublicRelease>): string {
  const other = lookup.get(id);
  const text = other ? `《${other.content.title}》` : '相关信息';
  return `<a href="${escapeHtml(releaseUrl(baseUrl, id))}">${escapeHtml(text)}</a>`;
}

/**
 * What a reader must know before the text, as an HTML fragment: when and why it was withdrawn,
 * which statement corrects it, which statement it corrects. Empty for a plain statement.
 */
export function releaseNoticesHtml(
  release: PublicRelease,
  baseUrl: string,
  lookup: ReadonlyMap<string, PublicRelease>,
): string {
  const notices: string[] = [];
  if (release.status === 'withdrawn') {
    const when =
      release.withdrawnAt === null ? '' : `于${timeHtml(release.withdrawnAt)}（北京时间）`;
    const why =
      release.withdrawalReason === null || release.withdrawalReason.trim() === ''
        ? ''
        : `撤回原因：${escapeHtml(release.withdrawalReason)}`;
    notices.push(
      `<p class="notice notice-withdrawn"><strong>【已撤回】</strong>本信息已${when}撤回。${why}</p>`,
    );
  }
  if (release.status === 'corrected' || release.correctedBy !== null) {
    const by =
      release.correctedBy === null
        ? '本信息已被更正。'
        : `本信息已被更正，请以${linkTo(baseUrl, release.correctedBy, lookup)}为准。`;
    notices.push(`<p class="notice notice-corrected"><strong>【已更正】</strong>${by}</p>`);
  }
  if (release.corrects !== null) {
    notices.push(
      `<p class="notice notice-correction"><strong>【更正】</strong>本信息更正此前发布的${linkTo(baseUrl, release.corrects, lookup)}。</p>`,
    );
  }
  return notices.join('');
}

const STYLE = [
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;color:#1f2328;background:#fff;font:17px/1.75 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;overflow-wrap:anywhere}',
  '.page{max-width:46rem;margin:0 auto;padding:0 1rem 2rem}',
  '.site{border-bottom:3px solid #b3261e;padding:1rem 0 .5rem;margin-bottom:1rem}',
  '.site h1,.site p{margin:0;font-size:1.375rem}',
  '.site .title{font-size:1.375rem;font-weight:700;color:inherit;text-decoration:none}',
  '.site nav{font-size:.875rem;margin-top:.25rem}',
  'a{color:#0b57d0}',
  'h1,h2{line-height:1.4}',
  'h2{font-size:1.25rem;margin:.25rem 0}',
  '.release{border-bottom:1px solid #d0d7de;padding:1rem 0 1.5rem}',
  '.meta{color:#57606a;font-size:.875rem;margin:.25rem 0}',
  '.kind{margin-right:.5em}',
  '.badge{display:inline-block;padding:0 .5em;border:1px solid currentColor;border-radius:.25rem;font-size:.8125rem;line-height:1.6}',
  '.badge-published{color:#1a7f37}',
  '.badge-corrected{color:#9a6700}',
  '.badge-withdrawn{color:#b3261e}',
  '.notice{margin:.75rem 0;padding:.5rem .75rem;border-left:4px solid #9a6700;background:#fff8e1}',
  '.notice-withdrawn{border-color:#b3261e;background:#fdecea}',
  '.struck-label{margin:.75rem 0 0;color:#b3261e;font-size:.875rem;font-weight:700}',
  'del.release-body{display:block;color:#6e7781;text-decoration:line-through}',
  '.release-body dt{font-weight:700}',
  '.release-body dd{margin-left:1.5em}',
  '.release-body .q{font-weight:700;margin-bottom:0}',
  '.hash{color:#57606a;font-size:.75rem}',
  '.history li{margin:.5rem 0}',
  '.empty{color:#57606a;padding:2rem 0;text-align:center}',
  'footer{color:#57606a;font-size:.8125rem;margin-top:1.5rem}',
  '@media print{body{font-size:11pt;color:#000}.page{max-width:none;padding:0}.site nav,.feed{display:none}a{color:#000;text-decoration:none}.release{break-inside:avoid-page}.notice{border:1px solid #000;background:none}del.release-body{color:#444}}',
].join('');

function documentHtml(opts: {
  baseUrl: string;
  siteTitle: string;
  title: string;
  canonical: string;
  description: string | null;
  /** The list's heading is the site's title; a statement's page has its own. */
  siteTitleIsHeading: boolean;
  main: string;
}): string {
  const listUrl = `${trimBaseUrl(opts.baseUrl)}/releases`;
  const html = [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    opts.description === null
      ? ''
      : `<meta name="description" content="${escapeHtml(opts.description)}">`,
    `<link rel="canonical" href="${escapeHtml(opts.canonical)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(opts.siteTitle)}" href="${escapeHtml(feedUrl(opts.baseUrl))}">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    '<header class="site">',
    opts.siteTitleIsHeading
      ? `<h1><a class="title" href="${escapeHtml(listUrl)}">${escapeHtml(opts.siteTitle)}</a></h1>`
      : `<p><a class="title" href="${escapeHtml(listUrl)}">${escapeHtml(opts.siteTitle)}</a></p>`,
    `<nav><a href="${escapeHtml(listUrl)}">全部发布</a> · <a class="feed" href="${escapeHtml(feedUrl(opts.baseUrl))}">订阅（Atom）</a></nav>`,
    '</header>',
    '<main>',
    opts.main,
    '</main>',
    '<footer><p>时间均为北京时间。已更正或已撤回的信息保留原文，供查证。</p></footer>',
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
  return stripInvalidChars(`${html}\n`);
}

function badgeHtml(status: ReleaseStatus): string {
  return `<span class="badge badge-${status}">${RELEASE_STATUS_LABELS[status]}</span>`;
}

/** The statement's text; a withdrawn one's stays readable, struck through and labelled. */
function bodyHtml(release: PublicRelease): string {
  const html = releaseHtml(release.content);
  if (release.status !== 'withdrawn') return `<div class="release-body">${html}</div>`;
  const datetime =
    release.withdrawnAt === null ? '' : ` datetime="${escapeHtml(rfc3339(release.withdrawnAt))}"`;
  return `<p class="struck-label">已撤回（原文保留，仅供查证）</p><del class="release-body"${datetime}>${html}</del>`;
}

function articleHtml(opts: {
  release: PublicRelease;
  baseUrl: string;
  lookup: ReadonlyMap<string, PublicRelease>;
  headingLevel: 1 | 2;
}): string {
  const { release: r, baseUrl, lookup } = opts;
  const heading = escapeHtml(releaseHeading(r.content));
  const h = `h${opts.headingLevel}`;
  const title =
    opts.headingLevel === 1
      ? heading
      : `<a href="${escapeHtml(releaseUrl(baseUrl, r.id))}">${heading}</a>`;
  return [
    `<article class="release release-${r.status}" data-release-id="${escapeHtml(r.id)}" data-status="${r.status}">`,
    '<header>',
    `<p class="meta"><span class="kind">${TALKING_POINT_KIND_LABELS[r.content.kind]}</span>${badgeHtml(r.status)}</p>`,
    `<${h}>${title}</${h}>`,
    `<p class="meta">${timeHtml(r.publishedAt)} · <span class="unit">${escapeHtml(r.unitName)}</span></p>`,
    '</header>',
    releaseNoticesHtml(r, baseUrl, lookup),
    bodyHtml(r),
    opts.headingLevel === 1
      ? `<p class="hash">内容校验值（SHA-256）：<code>${escapeHtml(r.contentHash)}</code></p>`
      : '',
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}

function lookupOf(releases: readonly PublicRelease[]): Map<string, PublicRelease> {
  return new Map(releases.map((r) => [r.id, r]));
}

/** The record: every statement, newest first, each in full with its status. */
export function renderReleaseList(opts: {
  baseUrl: string;
  siteTitle: string;
  releases: PublicRelease[];
}): string {
  const lookup = lookupOf(opts.releases);
  const items = newestFirst(opts.releases).map((release) =>
    articleHtml({ release, baseUrl: opts.baseUrl, lookup, headingLevel: 2 }),
  );
  const main = items.length === 0 ? '<p class="empty">暂无发布的权威信息。</p>' : items.join('\n');
  return documentHtml({
    baseUrl: opts.baseUrl,
    siteTitle: opts.siteTitle,
    title: opts.siteTitle,
    canonical: `${trimBaseUrl(opts.baseUrl)}/releases`,
    description: null,
    siteTitleIsHeading: true,
    main,
  });
}

function relationLabel(release: PublicRelease, other: PublicRelease): string {
  if (other.id === release.corrects || other.correctedBy === release.id)
    return '本信息所更正的信息';
  if (other.id === release.correctedBy || other.corrects === release.id) return '更正本信息的信息';
  return timeValue(other.publishedAt) < timeValue(release.publishedAt)
    ? '更正链中此前的信息'
    : '更正链中此后的信息';
}

/** One statement in full, with the statements it corrects or that correct it (历史). */
export function renderReleasePage(opts: {
  baseUrl: string;
  siteTitle: string;
  release: PublicRelease;
  /** The statements it corrects or that correct it: the history chain. */
  related: PublicRelease[];
}): string {
  const { release, baseUrl } = opts;
  const byId = new Map<string, PublicRelease>();
  for (const r of opts.related) if (r.id !== release.id && !byId.has(r.id)) byId.set(r.id, r);
  const related = [...byId.values()].sort(
    (a, b) =>
      timeValue(a.publishedAt) - timeValue(b.publishedAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const lookup = lookupOf([...related, release]);
  const history =
    related.length === 0
      ? '<p>本信息未被更正，也未更正其他信息。</p>'
      : `<ol>\n${related
          .map(
            (r) =>
              `<li data-release-id="${escapeHtml(r.id)}" data-status="${r.status}"><span class="relation">${relationLabel(release, r)}</span>：<a href="${escapeHtml(releaseUrl(baseUrl, r.id))}">${escapeHtml(releaseHeading(r.content))}</a> <span class="meta">${timeHtml(r.publishedAt)} · ${escapeHtml(r.unitName)}</span> ${badgeHtml(r.status)}</li>`,
          )
          .join('\n')}\n</ol>`;
  const main = [
    articleHtml({ release, baseUrl, lookup, headingLevel: 1 }),
    '<section class="history" aria-labelledby="history-heading">',
    '<h2 id="history-heading">历史</h2>',
    history,
    '</section>',
  ].join('\n');
  return documentHtml({
    baseUrl,
    siteTitle: opts.siteTitle,
    title: `${statusHeading(release)} - ${opts.siteTitle}`,
    canonical: releaseUrl(baseUrl, release.id),
    description: excerpt(releaseText(release.content), 120),
    siteTitleIsHeading: false,
    main,
  });
}
