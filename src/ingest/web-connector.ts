// The web-page connector: reads a site's list page (栏目), fetches the articles it links that were not
// seen before (obeying robots.txt and the host limiter) and extracts them with selectors or Readability.

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import { canonicalUrl } from './canonical-url.ts';
import { decodeBody } from './charset.ts';
import { fetchResource, isPrivateAddress, redactUrl } from './http-fetch.ts';
import type { FetchOptions, FetchResult, HostLimiter } from './http-fetch.ts';
import { MAX_TEXT } from './post-schema.ts';
import { RobotsCache } from './robots.ts';
import type { ConnectorError, ConnectorResult, IncomingPost } from './types.ts';

export const DEFAULT_MAX_ITEMS = 20;
const MAX_MAX_ITEMS = 100;

const selector = z.string().trim().min(1, 'must not be empty').max(500);

/** A web source's `config` (the JSON stored with the source). */
export const webListConfigSchema = z.object({
  /** Selects the links to articles on the list page: `<a>` elements, or elements holding one. */
  itemSelector: selector,
  /** On the article page; when absent, Readability finds what the field needs. */
  titleSelector: selector.optional(),
  contentSelector: selector.optional(),
  authorSelector: selector.optional(),
  timeSelector: selector.optional(),
  /** New articles fetched per poll (default 20, at most 100); the rest wait for the next poll. */
  maxItems: z.number().int().min(1).max(MAX_MAX_ITEMS).optional(),
});

export type WebListConfig = z.infer<typeof webListConfigSchema>;

export interface WebListSource {
  key: string;
  /** The list page's URL. */
  address: string;
  config: WebListConfig;
  /**
   * Whether an article was stored before. Called with the article's canonical URL (the post's
   * `id`, and what the ingest stores as `canonical_url`), before anything is fetched for it.
   */
  seen?: (canonicalUrl: string) => boolean | Promise<boolean>;
  /** Validators of the list page from the previous poll. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
}

export interface WebDeps {
  limiter: HostLimiter;
  /** Shared between polls so each site's robots.txt is read once a day, not once a poll. */
  robots?: RobotsCache;
  fetchOptions?: FetchOptions;
}

export interface WebPollState {
  /**
   * Validators of the list page to save. Null unless every article link was dealt with: when an
   * article failed or waits for the next poll, an unchanged list must still be read again.
   */
  etag: string | null;
  lastModified: string | null;
  notModified: boolean;
  httpStatus?: number;
  /** Why the poll failed as a whole: list page disallowed, unreachable, or without article links. */
  error?: string;
  retryAfterSeconds?: number;
  /** Distinct article links found on the list page. */
  links: number;
  skippedSeen: number;
  skippedRobots: number;
  /** Links to attachments (PDF, Office, images, archives): not articles. */
  skippedNotHtml: number;
  /** New links beyond `maxItems`, left for the next poll. */
  deferred: number;
  fetched: number;
  failed: number;
}

export interface WebPoll {
  result: ConnectorResult;
  state: WebPollState;
}

const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** Attachments that government and news list pages link next to articles. */
const NOT_HTML_EXTENSIONS =
  /\.(pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|zip|rar|7z|gz|jpe?g|png|gif|bmp|webp|mp3|mp4|avi|flv|wmv|apk|exe|txt|csv)$/i;

export async function pollWebList(source: WebListSource, deps: WebDeps): Promise<WebPoll> {
  const state: WebPollState = {
    etag: source.etag ?? null,
    lastModified: source.lastModified ?? null,
    notModified: false,
    links: 0,
    skippedSeen: 0,
    skippedRobots: 0,
    skippedNotHtml: 0,
    deferred: 0,
    fetched: 0,
    failed: 0,
  };
  const items: IncomingPost[] = [];
  const errors: ConnectorError[] = [];
  const fail = (message: string, field = 'address'): WebPoll => {
    state.error = message;
    errors.push({ field, message });
    return { result: { items, errors }, state };
  };

  const parsedConfig = webListConfigSchema.safeParse(source.config);
  if (!parsedConfig.success) {
    const issue = parsedConfig.error.issues[0];
    return fail(
      `config.${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      'config',
    );
  }
  const config = parsedConfig.data;
  const robots =
    deps.robots ?? new RobotsCache({ limiter: deps.limiter, fetchOptions: deps.fetchOptions });

  const listVerdict = await robots.check(source.address, deps.fetchOptions);
  if (!listVerdict.allowed) {
    return fail(`${redactUrl(source.address)} not fetched: ${listVerdict.reason}`);
  }
  await deps.limiter.acquire(source.address);
  const list = await fetchResource(source.address, {
    accept: HTML_ACCEPT,
    ...deps.fetchOptions,
    etag: source.etag ?? null,
    lastModified: source.lastModified ?? null,
  });
  if (!list.ok) {
    if (list.error.status !== undefined) state.httpStatus = list.error.status;
    if (list.error.retryAfterSeconds !== undefined) {
      state.retryAfterSeconds = list.error.retryAfterSeconds;
    }
    return fail(list.error.message);
  }
  state.httpStatus = list.status;
  if (list.notModified) {
    state.notModified = true;
    state.etag = list.headers.etag ?? state.etag;
    state.lastModified = list.headers['last-modified'] ?? state.lastModified;
    return { result: { items, errors }, state };
  }
  const newEtag = list.headers.etag ?? null;
  const newLastModified = list.headers['last-modified'] ?? null;

  let links: FoundLink[];
  try {
    const page = openDocument(list);
    links = collectLinks(page, config.itemSelector);
  } catch (e: unknown) {
    return fail(`${redactUrl(list.finalUrl)}: ${messageOf(e)}`, 'config.itemSelector');
  }
  state.links = links.length;
  if (links.length === 0) {
    // A 栏目 is never empty: the page changed (new layout, a login wall) or the selector is wrong.
    return fail(
      `"${config.itemSelector}" found no links on ${redactUrl(list.finalUrl)}`,
      'config.itemSelector',
    );
  }

  // A public page must not lead Yuqing into the intranet: articles linked from a page on a
  // public address are fetched from public addresses only (a site on the intranet may link
  // its own intranet pages).
  const listIsPublic = list.remoteAddress === undefined || !isPrivateAddress(list.remoteAddress);
  const articleFetch: FetchOptions = {
    accept: HTML_ACCEPT,
    ...deps.fetchOptions,
    etag: null,
    lastModified: null,
    blockPrivateAddresses: deps.fetchOptions?.blockPrivateAddresses === true || listIsPublic,
  };

  const maxItems = config.maxItems ?? DEFAULT_MAX_ITEMS;
  let attempted = 0;
  let unfinished = false;
  for (const [index, link] of links.entries()) {
    if (NOT_HTML_EXTENSIONS.test(new URL(link.url).pathname)) {
      state.skippedNotHtml++;
      continue;
    }
    if (await isSeen(source.seen, link.canonical)) {
      state.skippedSeen++;
      continue;
    }
    if (attempted >= maxItems) {
      state.deferred++;
      unfinished = true;
      continue;
    }
    attempted++;
    const verdict = await robots.check(link.url, articleFetch);
    if (!verdict.allowed) {
      state.skippedRobots++;
      // A rule is the site's lasting wish; an unreachable robots.txt is worth another try.
      if (verdict.rule === undefined) unfinished = true;
      errors.push({
        index,
        field: 'url',
        message: `${redactUrl(link.url)} not fetched: ${verdict.reason}`,
      });
      continue;
    }
    await deps.limiter.acquire(link.url);
    const article = await fetchResource(link.url, articleFetch);
    const extracted = extractArticle(article, link, config, source.key);
    if ('error' in extracted) {
      state.failed++;
      unfinished = true;
      errors.push({ index, field: extracted.field, message: extracted.error });
      continue;
    }
    state.fetched++;
    items.push(extracted.post);
    for (const warning of extracted.warnings) errors.push({ index, ...warning });
  }

  if (!unfinished) {
    state.etag = newEtag;
    state.lastModified = newLastModified;
  } else {
    state.etag = null;
    state.lastModified = null;
  }
  return { result: { items, errors }, state };
}

async function isSeen(seen: WebListSource['seen'], url: string): Promise<boolean> {
  if (seen === undefined) return false;
  try {
    return await seen(url);
  } catch {
    // Fetching again is harmless: the ingest stores each URL once.
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The DOM, as far as this module uses it. linkedom's own types refer to the DOM library, which the
// server build does not load.

interface DomNodeList extends Iterable<DomElement> {
  readonly length: number;
}

interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): DomNodeList;
  closest(selectors: string): DomElement | null;
  remove(): void;
}

interface DomDocument {
  readonly title: string;
  readonly head: (DomElement & { prepend(node: DomElement): void }) | null;
  createElement(tagName: string): DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): DomNodeList;
}

interface OpenedDocument {
  document: DomDocument;
  /** The base URL links resolve against (`<base href>` or the page's address). */
  base: string;
}

/** Decodes (GBK and all: the charset comes from HTTP or the page's <meta>), parses, absolutises. */
function openDocument(res: Extract<FetchResult, { ok: true }>): OpenedDocument {
  const { text } = decodeBody(res.bytes, res.headers['content-type']);
  const { document } = parseHTML(text) as unknown as { document: DomDocument };
  let base = res.finalUrl;
  const declared = document.querySelector('base[href]')?.getAttribute('href');
  if (declared) {
    try {
      base = new URL(declared, res.finalUrl).href;
    } catch {
      // An unusable <base> is ignored, as browsers do.
    }
  }
  for (const el of document.querySelectorAll('[href], [src]')) {
    for (const attr of ['href', 'src']) {
      const value = el.getAttribute(attr);
      if (value === null || value.trim() === '' || value.trim().startsWith('#')) continue;
      const absolute = resolveHttp(value, base);
      if (absolute !== undefined) el.setAttribute(attr, absolute);
    }
  }
  // Readability resolves what is left (srcset, poster) against the document's base.
  let baseEl = document.querySelector('base');
  if (baseEl === null && document.head !== null) {
    baseEl = document.createElement('base');
    document.head.prepend(baseEl);
  }
  baseEl?.setAttribute('href', base);
  return { document, base };
}

function resolveHttp(value: string, base: string): string | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

interface FoundLink {
  /** Absolute, as linked (not the canonical form: the site may need its exact query). */
  url: string;
  canonical: string;
  /** The link's text or title attribute, a fallback title. */
  text: string | undefined;
}

/** Article links in page order, each once; throws for an invalid selector. */
function collectLinks(page: OpenedDocument, itemSelector: string): FoundLink[] {
  let matches: DomNodeList;
  try {
    matches = page.document.querySelectorAll(itemSelector);
  } catch (e: unknown) {
    throw new Error(`itemSelector "${itemSelector}" is not a valid CSS selector: ${messageOf(e)}`);
  }
  const out: FoundLink[] = [];
  const seen = new Set<string>();
  for (const el of matches) {
    const anchor =
      el.tagName.toLowerCase() === 'a' && el.getAttribute('href') !== null
        ? el
        : (el.querySelector('a[href]') ?? el.closest('a[href]'));
    const href = anchor?.getAttribute('href');
    if (anchor === null || anchor === undefined || href === null || href === undefined) continue;
    const url = resolveHttp(href, page.base);
    if (url === undefined) continue;
    const canonical = canonicalUrl(url);
    if (canonical === null || seen.has(canonical)) continue;
    seen.add(canonical);
    const text = collapse(anchor.textContent ?? '');
    const title = collapse(anchor.getAttribute('title') ?? '');
    // Lists cut long titles ("关于…的通知..."); the title attribute then holds the whole one.
    const best = title.length > text.length ? title : text;
    out.push({ url, canonical, text: best === '' ? undefined : best });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Articles.

type Extracted =
  | { post: IncomingPost; warnings: { field: string; message: string }[] }
  | { error: string; field: string };

const MAX_TITLE = 2000;
const MAX_AUTHOR = 200;
const MAX_ID = 200;
const MAX_TIME = 100;

function extractArticle(
  res: FetchResult,
  link: FoundLink,
  config: WebListConfig,
  sourceKey: string,
): Extracted {
  const where = redactUrl(link.url);
  if (!res.ok) return { error: res.error.message, field: 'url' };
  const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && !type.includes('html')) {
    return { error: `${where}: not an HTML page (${type})`, field: 'url' };
  }
  let page: OpenedDocument;
  try {
    page = openDocument(res);
  } catch (e: unknown) {
    return { error: `${where}: page could not be parsed: ${messageOf(e)}`, field: 'text' };
  }
  const { document } = page;
  const warnings: { field: string; message: string }[] = [];

  let selected: { title?: string; content?: string; author?: string; time?: string };
  try {
    selected = {
      title: selectText(document, config.titleSelector),
      content: selectHtml(document, config.contentSelector),
      author: selectText(document, config.authorSelector),
      time: selectTime(document, config.timeSelector),
    };
  } catch (e: unknown) {
    return { error: `${where}: ${messageOf(e)}`, field: 'config' };
  }
  if (config.contentSelector !== undefined && selected.content === undefined) {
    return {
      error: `${where}: contentSelector "${config.contentSelector}" matched nothing (has the page layout changed?)`,
      field: 'text',
    };
  }

  // Metadata is read before Readability, which takes the document apart.
  const meta = {
    title: guessTitle(document, link.text),
    author: metaContent(document, ['author', 'article:author', 'Author']),
    time: metaContent(document, PUBLISHED_META),
  };

  let text = selected.content;
  let title = selected.title;
  let author = selected.author;
  let time = selected.time;
  if (text === undefined) {
    const article = new Readability(document, { charThreshold: 200 }).parse();
    const html = article?.content?.trim();
    const plain = article?.textContent?.trim();
    if (!html && !plain) return { error: `${where}: no article text found`, field: 'text' };
    // Very large pages: the markup is what makes them too large to store, not the text.
    text = html && html.length <= MAX_TEXT ? html : plain;
    // Readability keeps the site name in titles without spaces ("标题_工作动态_某省统计局").
    title ??= meta.title ?? nonEmpty(article?.title);
    author ??= nonEmpty(article?.byline);
    time ??= nonEmpty(article?.publishedTime);
  }
  title ??= meta.title ?? link.text ?? nonEmpty(collapse(document.title));
  author ??= meta.author;
  time ??= meta.time;

  if (text === undefined || collapse(stripTags(text)) === '') {
    return { error: `${where}: the article has no text`, field: 'text' };
  }
  if (title !== undefined && title.length > MAX_TITLE) title = `${title.slice(0, MAX_TITLE - 1)}…`;
  if (author !== undefined && author.length > MAX_AUTHOR) {
    warnings.push({
      field: 'author',
      message: `${where}: author text of ${author.length} characters dropped (does authorSelector pick the right element?)`,
    });
    author = undefined;
  }
  if (time !== undefined && time.length > MAX_TIME) {
    warnings.push({ field: 'published_at', message: `${where}: time text too long; dropped` });
    time = undefined;
  }
  return {
    post: {
      id: link.canonical.length <= MAX_ID ? link.canonical : undefined,
      source: sourceKey,
      url: link.url,
      title,
      text,
      author,
      published_at: time,
    },
    warnings,
  };
}

/**
 * The article's title without the site and column names that <title> adds: the heading the
 * <title> starts with (or that the list page linked with), else og:title, else the first part
 * of <title> before a separator (`_`, ` - `, `|`), when that part is not too short to be one.
 */
function guessTitle(document: DomDocument, linkText: string | undefined): string | undefined {
  const full = collapse(document.title);
  for (const h of document.querySelectorAll('h1, h2, h3')) {
    const text = collapse(h.textContent ?? '');
    if (text.length >= 2 && ((full !== '' && full.startsWith(text)) || text === linkText)) {
      return text;
    }
  }
  const og = metaContent(document, ['og:title']);
  if (og !== undefined) return og;
  const [first, ...rest] = full.split(/\s*(?:_|\||｜|——|\s-\s|\s–\s)\s*/);
  if (first !== undefined && rest.length > 0 && first.length >= 4) return first;
  return undefined;
}

/** Meta names under which Chinese CMSs (TRS, 政府网站集约化平台) and others publish the date. */
const PUBLISHED_META = [
  'article:published_time',
  'PubDate',
  'pubdate',
  'publishdate',
  'firstpublishedtime',
  'og:release_date',
  'datePublished',
];

function metaContent(document: DomDocument, names: readonly string[]): string | undefined {
  for (const name of names) {
    const el =
      document.querySelector(`meta[name="${name}"][content]`) ??
      document.querySelector(`meta[property="${name}"][content]`) ??
      document.querySelector(`meta[itemprop="${name}"][content]`);
    const value = nonEmpty(collapse(el?.getAttribute('content') ?? ''));
    if (value !== undefined) return value;
  }
  return undefined;
}

function select(document: DomDocument, sel: string | undefined): DomElement | null | undefined {
  if (sel === undefined) return undefined;
  try {
    return document.querySelector(sel);
  } catch (e: unknown) {
    throw new Error(`"${sel}" is not a valid CSS selector: ${messageOf(e)}`);
  }
}

function selectText(document: DomDocument, sel: string | undefined): string | undefined {
  const el = select(document, sel);
  return el ? nonEmpty(collapse(el.textContent ?? '')) : undefined;
}

function selectHtml(document: DomDocument, sel: string | undefined): string | undefined {
  const el = select(document, sel);
  if (!el) return undefined;
  for (const junk of el.querySelectorAll('script, style, noscript, template')) junk.remove();
  return nonEmpty(el.innerHTML.trim());
}

/**
 * A date and time inside a longer text ("发布时间：2024-03-18 10:00\u3000来源：市统计局"): pages put
 * the date among other labels, and only the date is the time.
 */
const DATE_TIME =
  /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2}秒?)?)?/;

function selectTime(document: DomDocument, sel: string | undefined): string | undefined {
  const el = select(document, sel);
  if (!el) return undefined;
  const attr = el.getAttribute('datetime') ?? el.getAttribute('content');
  if (attr !== null && attr.trim() !== '') return collapse(attr);
  const text = nonEmpty(collapse(el.textContent ?? ''));
  if (text === undefined) return undefined;
  const match = DATE_TIME.exec(text)?.[0];
  return match !== undefined && match !== text ? match : text;
}

function collapse(s: string): string {
  return s.replace(/[\s\u3000]+/g, ' ').trim();
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;|&#160;/g, ' ');
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s === null || s === undefined || s.trim() === '' ? undefined : s.trim();
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
