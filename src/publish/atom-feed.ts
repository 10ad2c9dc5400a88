// The public record as an Atom 1.0 feed (RFC 4287) at GET /releases/feed.xml, for feed readers
// and newsrooms. Every statement stays in the feed: a corrected or withdrawn one is marked in its
// title and carries a notice before its text, and its entry id never changes, so readers update
// the entry they have instead of showing a second one.
import { releaseHtml, releaseText } from './release-text.ts';
import {
  excerpt,
  feedUrl,
  newestFirst,
  releaseNoticesHtml,
  releaseUrl,
  rfc3339,
  statusHeading,
  stripInvalidChars,
  trimBaseUrl,
} from './public-page.ts';
import { TALKING_POINT_KIND_LABELS, type PublicRelease } from './types.ts';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const SUMMARY_CHARS = 200;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be read as a newline, and tab or newline in an attribute as a space.
  '\r': '&#xD;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};

/** Text as XML character data: forbidden characters dropped, markup characters escaped. */
export function escapeXml(text: string): string {
  return stripInvalidChars(text).replace(/[&<>"'\r]/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** As escapeXml, and tab and newline kept as themselves in an attribute value. */
function escapeXmlAttr(text: string): string {
  return stripInvalidChars(text).replace(/[&<>"'\r\t\n]/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** The entry's id: stable for the statement's whole life (publication, correction, withdrawal). */
export function releaseEntryId(id: string): string {
  return `urn:yuqing:release:${encodeURIComponent(id)}`;
}

function maxTime(isos: readonly string[]): string | null {
  let best: string | null = null;
  let bestT = -Infinity;
  for (const iso of isos) {
    const t = Date.parse(iso);
    if (!Number.isNaN(t) && t > bestT) {
      best = iso;
      bestT = t;
    }
  }
  return best;
}

function entryXml(
  r: PublicRelease,
  baseUrl: string,
  lookup: ReadonlyMap<string, PublicRelease>,
): string {
  const html = releaseNoticesHtml(r, baseUrl, lookup) + releaseHtml(r.content);
  const related = [r.corrects, r.correctedBy]
    .filter((id): id is string => id !== null)
    .map(
      (id) =>
        `    <link rel="related" type="text/html" href="${escapeXmlAttr(releaseUrl(baseUrl, id))}"/>`,
    );
  return [
    '  <entry>',
    `    <id>${escapeXml(releaseEntryId(r.id))}</id>`,
    `    <title type="text">${escapeXml(statusHeading(r))}</title>`,
    `    <published>${escapeXml(rfc3339(r.publishedAt))}</published>`,
    `    <updated>${escapeXml(rfc3339(r.updatedAt))}</updated>`,
    `    <author><name>${escapeXml(r.unitName)}</name></author>`,
    `    <link rel="alternate" type="text/html" href="${escapeXmlAttr(releaseUrl(baseUrl, r.id))}"/>`,
    ...related,
    `    <category term="${escapeXmlAttr(r.content.kind)}" label="${escapeXmlAttr(TALKING_POINT_KIND_LABELS[r.content.kind])}"/>`,
    `    <summary type="text">${escapeXml(excerpt(releaseText(r.content), SUMMARY_CHARS))}</summary>`,
    `    <content type="html">${escapeXml(html)}</content>`,
    '  </entry>',
  ].join('\n');
}

/**
 * The feed: every statement, newest publication first. `history` maps a statement's id to the
 * statements it corrects or that correct it, so a notice can name one not in `releases`;
 * `generatedAt` is the feed's time when there is no statement (default: now).
 */
export function renderAtomFeed(opts: {
  baseUrl: string;
  title: string;
  releases: PublicRelease[];
  history?: Map<string, PublicRelease[]>;
  generatedAt?: string;
}): string {
  const base = trimBaseUrl(opts.baseUrl);
  const releases = newestFirst(opts.releases);
  const lookup = new Map<string, PublicRelease>();
  for (const chain of opts.history?.values() ?? []) for (const r of chain) lookup.set(r.id, r);
  for (const r of releases) lookup.set(r.id, r);
  const updated =
    maxTime(releases.map((r) => r.updatedAt)) ?? opts.generatedAt ?? new Date().toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}" xml:lang="zh-CN">`,
    `  <id>${escapeXml(`${base}/releases`)}</id>`,
    `  <title type="text">${escapeXml(opts.title)}</title>`,
    `  <updated>${escapeXml(rfc3339(updated))}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXmlAttr(feedUrl(base))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXmlAttr(`${base}/releases`)}"/>`,
    '  <generator>Yuqing</generator>',
    ...releases.map((r) => entryXml(r, base, lookup)),
    '</feed>',
    '',
  ].join('\n');
}
