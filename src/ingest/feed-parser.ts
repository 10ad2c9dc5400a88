// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds into entries, well-formed or not, and never throws:
// what cannot be read becomes an error, and `bozo` says the document was not clean XML (as feedparser).

import { decodeHTML, decodeHTMLStrict } from 'entities';
import { Parser, QuoteType, Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';
import { decodeBody, WINDOWS_1252_C1 } from './charset.ts';
import type { ConnectorError, ConnectorResult, IncomingPost } from './types.ts';

export type FeedFormat = 'rss2' | 'rss09x' | 'rss1' | 'atom10' | 'atom03' | 'unknown';

export interface FeedEntry {
  id?: string;
  title?: string;
  link?: string;
  author?: string;
  published?: Date;
  /** The publication date exactly as written in the feed. */
  publishedRaw?: string;
  updated?: Date;
  /** The update date exactly as written in the feed. */
  updatedRaw?: string;
  /** HTML (RSS description, Atom summary of type html/xhtml) or plain text (Atom type text). */
  summary?: string;
  content?: string;
}

export interface ParsedFeed {
  format: FeedFormat;
  encoding: string;
  title?: string;
  link?: string;
  entries: FeedEntry[];
  errors: ConnectorError[];
  /** True when the document was not well-formed XML or had encoding problems. */
  bozo: boolean;
}

export interface ParseFeedOptions {
  /** The HTTP Content-Type header, for its charset. */
  contentType?: string;
  /** The document's URL (or Content-Location), the base for relative links. */
  baseUrl?: string;
  /**
   * Offset from UTC, in minutes, for dates written without a zone (and for `CST`). Default 480
   * (UTC+8): the feeds this system reads are Chinese, whose zone-less times are Beijing time.
   */
  defaultUtcOffsetMinutes?: number;
}

const NS = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  svg: 'http://www.w3.org/2000/svg',
  mathml: 'http://www.w3.org/1998/Math/MathML',
  xlink: 'http://www.w3.org/1999/xlink',
} as const;

/** Namespaces RSS's own elements have been published in (most feeds use none). */
const RSS_NAMESPACES = new Set<string>([
  '',
  NS.rss10,
  NS.rss090,
  'http://backend.userland.com/rss',
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss2.1',
  'http://blogs.law.harvard.edu/tech/rss',
]);

/** Namespaces Atom and its drafts (pie, echo) have used. */
const ATOM_NAMESPACES = new Set<string>([
  '',
  NS.atom10,
  NS.atom03,
  'http://purl.org/pie/',
  'http://purl.org/echo/',
]);

/**
 * Where a prefix is used without being declared (an ill-formed feed), the namespace it almost
 * always stands for; the document is still reported as not well-formed.
 */
const UNDECLARED_PREFIX_GUESS: Readonly<Record<string, string>> = {
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  rdf: NS.rdf,
  atom: NS.atom10,
  xhtml: NS.xhtml,
};

const MAX_XML_ERRORS = 20;
/** Feeds nest a few levels; hostile input nested deeper must not exhaust the stack later. */
const MAX_DEPTH = 256;

export function parseFeed(bytes: Uint8Array | string, opts: ParseFeedOptions = {}): ParsedFeed {
  try {
    return parseFeedUnsafe(bytes, opts);
  } catch (e: unknown) {
    // Last resort (the steps below report their own problems and are not expected to throw).
    const message = e instanceof Error ? e.message : String(e);
    return {
      format: 'unknown',
      encoding: 'utf-8',
      entries: [],
      errors: [{ message: `feed could not be read: ${message}` }],
      bozo: true,
    };
  }
}

function parseFeedUnsafe(bytes: Uint8Array | string, opts: ParseFeedOptions): ParsedFeed {
  const errors: ConnectorError[] = [];
  let bozo = false;
  let text: string;
  let encoding: string;
  if (typeof bytes === 'string') {
    // Already text: there is nothing to decode, and what it is stored as is UTF-8.
    text = bytes.startsWith('\ufeff') ? bytes.slice(1) : bytes;
    encoding = 'utf-8';
  } else {
    const decoded = decodeBody(bytes, opts.contentType);
    text = decoded.text;
    encoding = decoded.encoding;
    for (const p of decoded.problems) errors.push({ field: 'encoding', message: p });
    if (decoded.problems.length > 0) bozo = true;
  }
  if (opts.contentType !== undefined && !isXmlMediaType(opts.contentType)) {
    // feedparser does the same: a feed served as text/plain or text/html is not sure to be XML.
    errors.push({
      field: 'content-type',
      message: `served as ${opts.contentType.split(';')[0]?.trim() ?? ''}, not an XML media type`,
    });
    bozo = true;
  }

  const doc = buildTree(text, opts.baseUrl);
  for (const p of doc.problems) errors.push({ message: `not well-formed XML: ${p}` });
  if (doc.problemCount > doc.problems.length) {
    errors.push({
      message: `not well-formed XML: ${doc.problemCount - doc.problems.length} more (repeats or not listed)`,
    });
  }
  if (doc.problemCount > 0) bozo = true;

  const ctx: ReadContext = {
    errors,
    offset: opts.defaultUtcOffsetMinutes ?? 480,
  };
  const feed = readFeed(doc.roots, ctx);
  return { ...feed, encoding, errors, bozo };
}

/**
 * Maps feed entries to posts for the ingest service. An entry with neither text nor title is an
 * error naming `text`; error indexes are positions of entries in the feed.
 */
export function feedEntriesToPosts(source: string, feed: ParsedFeed): ConnectorResult {
  const items: IncomingPost[] = [];
  const errors: ConnectorError[] = [...feed.errors];
  feed.entries.forEach((entry, index) => {
    const text = nonEmpty(entry.content) ?? nonEmpty(entry.summary) ?? nonEmpty(entry.title);
    if (text === undefined) {
      errors.push({ index, field: 'text', message: 'entry has no content, summary or title' });
      return;
    }
    items.push({
      id: entry.id ?? entry.link,
      source,
      url: entry.link,
      author: entry.author,
      title: entry.title,
      text,
      published_at: entry.published?.toISOString() ?? entry.publishedRaw,
    });
  });
  return { items, errors };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

function isXmlMediaType(contentType: string): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === '') return true;
  return (
    /^[a-z]+\/(.+\+)?xml$/.test(type) ||
    type === 'application/xml-dtd' ||
    /^[a-z]+\/xml-external-parsed-entity$/.test(type)
  );
}

// ---------------------------------------------------------------------------------------------
// A lenient XML tree: htmlparser2's tokenizer (which never throws) and our own checks for what a
// conforming parser would reject, so that `bozo` means what it means in feedparser.

interface XmlAttribute {
  name: string;
  local: string;
  ns: string;
  value: string;
}

interface XmlElement {
  kind: 'element';
  name: string;
  local: string;
  ns: string;
  attrs: XmlAttribute[];
  children: XmlNode[];
  /** The xml:base in effect (or the document URL), when known. */
  base: string | undefined;
  /** Whether `base` comes from an xml:base in the document (which outranks the feed's link). */
  explicitBase: boolean;
}

interface XmlText {
  kind: 'text';
  value: string;
}

type XmlNode = XmlElement | XmlText;

interface XmlDocument {
  roots: XmlElement[];
  problems: string[];
  problemCount: number;
}

interface EntityContext {
  declared: Map<string, string>;
  /** The Netscape RSS 0.91 DTD declares the HTML entities, so &nbsp; etc. are legal there. */
  htmlEntitiesDeclared: boolean;
  problem: (message: string) => void;
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Decodes character and entity references once; what is not a valid reference is reported. */
function decodeReferences(raw: string, ctx: EntityContext): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(
    /&(?:#([0-9]+);|#[xX]([0-9a-fA-F]+);|([A-Za-z_:][\w.:-]*);)?/g,
    (match: string, dec?: string, hex?: string, name?: string): string => {
      if (dec !== undefined || hex !== undefined) {
        const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
        if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          ctx.problem(`invalid character reference ${match}`);
          return '\ufffd';
        }
        return String.fromCodePoint(demoronize(cp));
      }
      if (name === undefined) {
        ctx.problem('bare "&" (not escaped as &amp;)');
        return '&';
      }
      const xml = XML_ENTITIES[name];
      if (xml !== undefined) return xml;
      const declared = ctx.declared.get(name);
      if (declared !== undefined) return declared;
      const html = decodeHTMLStrict(match);
      if (html !== match) {
        // Undeclared in XML, but the author meant the HTML entity: decode it and report.
        if (!ctx.htmlEntitiesDeclared) ctx.problem(`undefined entity ${match}`);
        return html;
      }
      ctx.problem(`undefined entity ${match}`);
      return match;
    },
  );
}

/**
 * &#146; means U+0092 to XML but a curly quote to whoever wrote it (windows-1252); HTML5 maps
 * these references the same way.
 */
function demoronize(cp: number): number {
  return cp >= 0x80 && cp <= 0x9f ? (WINDOWS_1252_C1[cp - 0x80] ?? cp) : cp;
}

/**
 * Takes the DOCTYPE out of the text before tokenizing (the tokenizer would end it at the first
 * `>` of its internal subset) and collects its internal entity declarations.
 */
function extractDoctype(text: string): {
  text: string;
  entities: Map<string, string>;
  htmlEntities: boolean;
} {
  const entities = new Map<string, string>();
  const start = doctypeStart(text);
  if (start < 0) return { text, entities, htmlEntities: false };
  let end = -1;
  let inSubset = false;
  let quote = '';
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      inSubset = true;
    } else if (c === ']') {
      inSubset = false;
    } else if (c === '>' && !inSubset) {
      end = i;
      break;
    }
  }
  if (end < 0) return { text, entities, htmlEntities: false };
  const doctype = text.slice(start, end + 1);
  for (const m of doctype.matchAll(/<!ENTITY\s+([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1];
    if (name !== undefined && !entities.has(name)) entities.set(name, m[2] ?? m[3] ?? '');
  }
  const htmlEntities = /rss-0\.91\.dtd|Netscape Communications\/\/DTD RSS 0\.91/i.test(doctype);
  // Blanked, not cut, so positions (the XML declaration must stay at 0) do not move.
  return {
    text: text.slice(0, start) + doctype.replace(/[^\n]/g, ' ') + text.slice(end + 1),
    entities,
    htmlEntities,
  };
}

/** Where the DOCTYPE starts, looking only in the prolog (comments, PIs, whitespace); or -1. */
function doctypeStart(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else {
      return /^<!DOCTYPE\s/i.test(text.slice(i, i + 10)) ? i : -1;
    }
  }
}

function buildTree(source: string, baseUrl: string | undefined): XmlDocument {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (message: string): void => {
    problemCount++;
    if (problems.length < MAX_XML_ERRORS && !problems.includes(message)) problems.push(message);
  };
  const { text, entities, htmlEntities } = extractDoctype(source);
  // eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) {
    problem('control characters that XML does not allow');
  }
  const entityCtx: EntityContext = {
    declared: entities,
    htmlEntitiesDeclared: htmlEntities,
    problem,
  };
  const builder = new TreeBuilder(text, entityCtx, baseUrl, problem);
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, builder);
  tokenizer.write(text);
  tokenizer.end();
  if (builder.roots.length === 0) problem('no root element (empty document)');
  return { roots: builder.roots, problems, problemCount };
}

const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', NS.xml]]);

interface OpenElement {
  element: XmlElement;
  scope: ReadonlyMap<string, string>;
}

class TreeBuilder implements TokenizerCallbacks {
  readonly roots: XmlElement[] = [];
  private readonly stack: OpenElement[] = [];
  private pendingName: string | undefined;
  private pendingAttrs: { name: string; raw: string }[] = [];
  private attrName = '';
  private attrValue = '';
  private rootClosed = false;
  /** Start tags ignored for being nested deeper than MAX_DEPTH, whose end tags are ignored too. */
  private tooDeep = 0;

  constructor(
    private readonly src: string,
    private readonly entities: EntityContext,
    private readonly baseUrl: string | undefined,
    private readonly problem: (message: string) => void,
  ) {}

  onopentagname(start: number, end: number): void {
    this.pendingName = this.src.slice(start, end);
    this.pendingAttrs = [];
  }

  onattribname(start: number, end: number): void {
    this.attrName = this.src.slice(start, end);
    this.attrValue = '';
  }

  onattribdata(start: number, end: number): void {
    this.attrValue += this.src.slice(start, end);
  }

  onattribentity(codepoint: number): void {
    // Only called when the tokenizer decodes entities, which it is told not to.
    this.attrValue += String.fromCodePoint(codepoint);
  }

  onattribend(quote: QuoteType): void {
    if (quote === QuoteType.NoValue) this.problem(`attribute ${this.attrName} has no value`);
    else if (quote === QuoteType.Unquoted) this.problem(`attribute ${this.attrName} is not quoted`);
    if (this.pendingAttrs.some((a) => a.name === this.attrName)) {
      this.problem(`duplicate attribute ${this.attrName}`);
    } else {
      this.pendingAttrs.push({ name: this.attrName, raw: this.attrValue });
    }
    this.attrValue = '';
  }

  onopentagend(): void {
    this.open(false);
  }

  onselfclosingtag(): void {
    this.open(true);
  }

  onclosetag(start: number, end: number): void {
    const name = this.src.slice(start, end).trim();
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.problem(`end tag </${name}> without a start tag`);
      return;
    }
    if (top.element.name === name) {
      this.pop();
      return;
    }
    const at = this.stack.findLastIndex((o) => o.element.name === name);
    if (at < 0 && this.tooDeep > 0) {
      this.tooDeep--;
      return;
    }
    if (at < 0) {
      this.problem(`end tag </${name}> without a start tag`);
      return;
    }
    this.problem(`mismatched end tag </${name}> (expected </${top.element.name}>)`);
    while (this.stack.length > at) this.pop();
  }

  ontext(start: number, end: number): void {
    const raw = this.src.slice(start, end);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      if (raw.trim() !== '') {
        this.problem(
          this.roots.length > 0 ? 'text after the root element' : 'text before the root element',
        );
      }
      return;
    }
    if (raw.includes('<')) this.problem('unescaped "<" in text');
    this.appendText(parent.element, decodeReferences(raw, this.entities));
  }

  ontextentity(codepoint: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) this.appendText(parent.element, String.fromCodePoint(codepoint));
  }

  oncdata(start: number, end: number, endOffset: number): void {
    // A terminated section ends with `]]>` (offset 2); offset 0 means the document ended first.
    if (endOffset === 0) this.problem('unterminated CDATA section');
    const parent = this.stack[this.stack.length - 1];
    const value = this.src.slice(start, end - endOffset);
    if (parent === undefined) {
      if (value.trim() !== '') this.problem('CDATA outside the root element');
      return;
    }
    this.appendText(parent.element, value);
  }

  oncomment(_start: number, _end: number, endOffset: number): void {
    if (endOffset === 0) this.problem('unterminated comment');
  }

  ondeclaration(start: number, end: number): void {
    // Only a DOCTYPE is allowed, and extractDoctype has already blanked the one before the root.
    const value = this.src.slice(start, end);
    this.problem(`unexpected markup <!${value.slice(0, 20)}>`);
  }

  onprocessinginstruction(start: number, end: number): void {
    const value = this.src.slice(start, end);
    // `start` is just after `<?`: an XML declaration anywhere but at offset 0 is an error.
    if (/^xml(\s|$)/i.test(value) && start !== 2) {
      this.problem('XML declaration not at the start of the document');
    }
  }

  onend(): void {
    if (this.stack.length > 0) {
      const names = this.stack.map((o) => o.element.name).join(', ');
      this.problem(`document ended inside ${names}`);
    }
    while (this.stack.length > 0) this.pop();
  }

  private pop(): void {
    this.stack.pop();
    if (this.stack.length === 0) this.rootClosed = true;
  }

  private appendText(parent: XmlElement, value: string): void {
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text') last.value += value;
    else parent.children.push({ kind: 'text', value });
  }

  private open(selfClosing: boolean): void {
    const name = this.pendingName;
    if (name === undefined) return;
    this.pendingName = undefined;
    if (this.stack.length >= MAX_DEPTH) {
      this.problem(`elements nested deeper than ${MAX_DEPTH} levels (ignored)`);
      if (!selfClosing) this.tooDeep++;
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined && (this.rootClosed || this.roots.length > 0)) {
      this.problem('more than one root element');
    }
    const inherited = parent?.scope ?? ROOT_SCOPE;
    let own: Map<string, string> | undefined;
    const attrs: { name: string; value: string }[] = [];
    for (const a of this.pendingAttrs) {
      if (a.raw.includes('<')) this.problem(`"<" in the value of attribute ${a.name}`);
      const value = decodeReferences(a.raw, this.entities);
      attrs.push({ name: a.name, value });
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        own ??= new Map(inherited);
        own.set(a.name === 'xmlns' ? '' : a.name.slice(6), value);
      }
    }
    const scope: ReadonlyMap<string, string> = own ?? inherited;
    const [prefix, local] = splitName(name);
    const element: XmlElement = {
      kind: 'element',
      name,
      local,
      ns: this.resolvePrefix(prefix, scope, true),
      attrs: attrs.map((a) => {
        const [p, l] = splitName(a.name);
        // Unprefixed attributes are in no namespace; xmlns declarations are left as they are.
        const ns = p === '' || p === 'xmlns' ? '' : this.resolvePrefix(p, scope, false);
        return { name: a.name, local: l, ns, value: a.value };
      }),
      children: [],
      base: parent?.element.base ?? this.baseUrl,
      explicitBase: parent?.element.explicitBase ?? false,
    };
    const xmlBase = attrValue(element, 'base', NS.xml);
    if (xmlBase !== undefined) {
      const resolved = resolveBase(xmlBase, element.base);
      if (resolved !== element.base) element.explicitBase = true;
      element.base = resolved;
    }
    if (parent === undefined) this.roots.push(element);
    else parent.element.children.push(element);
    if (!selfClosing) this.stack.push({ element, scope });
    else if (parent === undefined) this.rootClosed = true;
  }

  private resolvePrefix(
    prefix: string,
    scope: ReadonlyMap<string, string>,
    isElement: boolean,
  ): string {
    const ns = scope.get(prefix);
    if (ns !== undefined) return ns;
    if (prefix === '') return '';
    if (isElement || prefix !== 'xml') this.problem(`undeclared namespace prefix "${prefix}"`);
    return UNDECLARED_PREFIX_GUESS[prefix] ?? `urn:x-undeclared:${prefix}`;
  }
}

function splitName(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function attrValue(el: XmlElement, local: string, ns = ''): string | undefined {
  return el.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}

function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

function textContent(node: XmlNode): string {
  if (node.kind === 'text') return node.value;
  return node.children.map(textContent).join('');
}

// ---------------------------------------------------------------------------------------------
// URLs: RFC 3986 reference resolution on strings. Unlike WHATWG URL it leaves absolute URLs and
// IRIs exactly as written (no punycode, no percent-encoding, no case folding of ids).

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

export function resolveUrl(ref: string, base: string | undefined): string {
  const r = ref.trim();
  if (SCHEME.test(r) || base === undefined || !SCHEME.test(base)) return r;
  const b = URI_PARTS.exec(base.trim());
  const m = URI_PARTS.exec(r);
  if (!b || !m) return r;
  const [, bScheme = '', bAuthority, bPath = '', bQuery] = b;
  const [, , rAuthority, rPath = '', rQuery, rFragment] = m;
  let authority = bAuthority;
  let path: string;
  let query = rQuery;
  if (rAuthority !== undefined) {
    authority = rAuthority;
    path = removeDotSegments(rPath);
  } else if (rPath === '') {
    path = bPath;
    if (rQuery === undefined) query = bQuery;
  } else if (rPath.startsWith('/')) {
    path = removeDotSegments(rPath);
  } else {
    const merged =
      bAuthority !== undefined && bPath === ''
        ? `/${rPath}`
        : bPath.slice(0, bPath.lastIndexOf('/') + 1) + rPath;
    path = removeDotSegments(merged);
  }
  return (
    `${bScheme}:` +
    (authority !== undefined ? `//${authority}` : '') +
    path +
    (query !== undefined ? `?${query}` : '') +
    (rFragment !== undefined ? `#${rFragment}` : '')
  );
}

function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '.') {
      if (last) out.push('');
    } else if (seg === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) out.pop();
      if (last) out.push('');
    } else {
      out.push(seg);
    }
  });
  return out.join('/');
}

/** An xml:base resolved against the base in effect; a javascript: or data: base is ignored. */
function resolveBase(xmlBase: string, parentBase: string | undefined): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(xmlBase.trim())?.[1]?.toLowerCase();
  if (scheme !== undefined && !['http', 'https', 'ftp', 'file'].includes(scheme)) {
    return parentBase;
  }
  const resolved = resolveUrl(xmlBase, parentBase);
  return SCHEME.test(resolved) ? resolved : (parentBase ?? resolved);
}

// ---------------------------------------------------------------------------------------------
// HTML values: re-serialised the way feedparser does (attributes sorted and quoted, void elements
// closed, bare `&` and `<` escaped, comments dropped) with relative URLs made absolute.

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const URI_ATTRIBUTES = new Set([
  'href',
  'src',
  'cite',
  'longdesc',
  'usemap',
  'poster',
  'action',
  'background',
  'codebase',
  'classid',
  'profile',
]);

const BARE_AMPERSAND = /&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)/g;

function escapeAttribute(value: string): string {
  return value
    .replace(BARE_AMPERSAND, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Deepest element nesting in HTML, roughly (void and self-closed elements do not nest). The HTML
 * parser's cost grows with the square of the depth, so hostile markup is left as it is.
 */
function nestingDepth(html: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (m[3] !== '/' && !VOID_ELEMENTS.has((m[2] ?? '').toLowerCase())) depth++;
    if (depth > max) max = depth;
    if (max > limit) break;
  }
  return max;
}

export function normalizeHtml(html: string, base: string | undefined): string {
  if (!/[<&]/.test(html)) return html;
  if (nestingDepth(html, 1000) > 1000) return html;
  const out: string[] = [];
  let foreign = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'svg' || name === 'math' || foreign > 0) foreign++;
        const names = Object.keys(attribs)
          .map((k) => [foreign > 0 ? k : k.toLowerCase(), k] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        let attrs = '';
        const seen = new Set<string>();
        for (const [key, original] of names) {
          if (seen.has(key)) continue;
          seen.add(key);
          let value = attribs[original] ?? '';
          if (URI_ATTRIBUTES.has(key) && base !== undefined) {
            const decoded = decodeHTML(value).trim();
            const resolved = resolveUrl(decoded, base);
            if (resolved !== decoded) value = resolved.replace(/&/g, '&amp;');
          }
          attrs += ` ${key}="${escapeAttribute(value)}"`;
        }
        // An xlink:href needs its prefix declared once the markup is read as XML again.
        if (names.some(([k]) => k.startsWith('xlink:')) && !seen.has('xmlns:xlink')) {
          attrs += ` xmlns:xlink="${NS.xlink}"`;
        }
        out.push(VOID_ELEMENTS.has(name) ? `<${name}${attrs} />` : `<${name}${attrs}>`);
      },
      ontext(data) {
        out.push(
          data
            .replace(BARE_AMPERSAND, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/&#(?:x([0-9a-fA-F]+)|(\d+));/g, (ref: string, hex?: string, dec?: string) => {
              const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
              const fixed = demoronize(cp);
              return fixed === cp ? ref : `&#x${fixed.toString(16)};`;
            }),
        );
      },
      onclosetag(name) {
        if (foreign > 0) foreign--;
        if (!VOID_ELEMENTS.has(name)) out.push(`</${name}>`);
      },
    },
    { decodeEntities: false, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
  );
  // `<!` that opens neither a comment nor CDATA is text to an author, a bogus comment to HTML.
  parser.write(html.replace(/<!(?!--|\[CDATA\[|doctype\s)/gi, '&lt;!'));
  parser.end();
  return out.join('');
}

/**
 * Inner markup of an element (the xhtml content of Atom), serialised for an HTML consumer:
 * XHTML, SVG and MathML by local name (HTML knows them without prefixes), SVG and MathML roots
 * with their xmlns, other vocabularies as written.
 */
function serializeChildren(el: XmlElement): string {
  return el.children.map((c) => serializeNode(c, el.ns)).join('');
}

function serializeNode(node: XmlNode, parentNs: string): string {
  if (node.kind === 'text') {
    return node.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  const foreign = node.ns === NS.svg || node.ns === NS.mathml;
  const name = node.ns === NS.xhtml || foreign ? node.local : node.name;
  let attrs = foreign && node.ns !== parentNs ? ` xmlns="${node.ns}"` : '';
  let xlink = false;
  for (const a of node.attrs) {
    const declaration = a.name === 'xmlns' || a.name.startsWith('xmlns:');
    // Declarations of the vocabularies written by local name are implied (or added above).
    if (declaration && (a.value === NS.xhtml || a.value === NS.svg || a.value === NS.mathml)) {
      continue;
    }
    if (declaration && a.value === NS.xlink) continue;
    const attrName = a.ns === NS.xlink ? `xlink:${a.local}` : a.name;
    if (a.ns === NS.xlink) xlink = true;
    attrs += ` ${attrName}="${escapeAttribute(a.value.replace(/&/g, '&amp;'))}"`;
  }
  if (xlink) attrs += ` xmlns:xlink="${NS.xlink}"`;
  if (node.children.length === 0 && VOID_ELEMENTS.has(name)) return `<${name}${attrs} />`;
  return `<${name}${attrs}>${serializeChildren(node)}</${name}>`;
}

// ---------------------------------------------------------------------------------------------
// From the tree to a feed.

interface ReadContext {
  errors: ConnectorError[];
  offset: number;
}

type FeedParts = Pick<ParsedFeed, 'format' | 'title' | 'link' | 'entries'>;

function readFeed(roots: XmlElement[], ctx: ReadContext): FeedParts {
  for (const root of roots) {
    const found = findFeedElement(root);
    if (found !== undefined) return found.atom ? readAtom(found.el, ctx) : readRss(found.el, ctx);
  }
  const root = roots[0];
  if (root !== undefined) {
    ctx.errors.push({ message: `not a feed: the root element is <${root.name}>` });
    // Best effort: items or entries anywhere in the document.
    const rss = readRss(root, ctx, true);
    if (rss.entries.length > 0) return { ...rss, format: 'unknown' };
    const atom = readAtom(root, ctx, true);
    return { ...atom, format: 'unknown' };
  }
  ctx.errors.push({ message: 'not a feed: the document is empty' });
  return { format: 'unknown', entries: [] };
}

function findFeedElement(root: XmlElement): { el: XmlElement; atom: boolean } | undefined {
  const queue: XmlElement[] = [root];
  // Breadth-first, shallow: a feed wrapped in something else (a SOAP envelope, a bad prefix).
  for (let i = 0; i < queue.length && i < 50; i++) {
    const el = queue[i];
    if (el === undefined) break;
    if (el.local === 'rss' || el.local === 'RDF' || el.local === 'channel') {
      return { el, atom: false };
    }
    if (el.local === 'feed') return { el, atom: true };
    queue.push(...childElements(el));
  }
  return undefined;
}

/** The base for relative URLs in an element. */
type BaseOf = (el: XmlElement) => string | undefined;

const ownBase: BaseOf = (el) => el.base;

/**
 * xml:base in the document first; then the feed's own link (content proxied by RSSHub and the
 * like is relative to the original site, not to the proxy); then the document URL.
 */
function makeBaseOf(feedLink: string | undefined): BaseOf {
  const link = feedLink !== undefined && SCHEME.test(feedLink) ? feedLink : undefined;
  return (el) => (el.explicitBase ? el.base : (link ?? el.base));
}

function isIn(el: XmlElement, local: string, namespaces: ReadonlySet<string>, rootNs: string) {
  return el.local === local && (namespaces.has(el.ns) || el.ns === rootNs);
}

function firstChild(parent: XmlElement, test: (el: XmlElement) => boolean): XmlElement | undefined {
  return childElements(parent).find(test);
}

/** The last matching child: where feedparser lets a later element overwrite an earlier one. */
function lastChild(parent: XmlElement, test: (el: XmlElement) => boolean): XmlElement | undefined {
  return childElements(parent).findLast(test);
}

function trimmedText(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  const t = textContent(el).trim();
  return t === '' ? undefined : t;
}

function isExt(ns: string, local: string): (el: XmlElement) => boolean {
  return (el) => el.ns === ns && el.local === local;
}

// --- RSS ------------------------------------------------------------------------------------

function readRss(root: XmlElement, ctx: ReadContext, loose = false): FeedParts {
  const rootNs = root.local === 'rss' || root.local === 'channel' ? root.ns : '\0';
  const rss = (local: string) => (el: XmlElement) => isIn(el, local, RSS_NAMESPACES, rootNs);
  const channel = root.local === 'channel' ? root : firstChild(root, rss('channel'));
  let format: FeedFormat;
  if (root.local === 'RDF') {
    // RSS 0.90 is RDF too; its elements (or at least its declaration) are in Netscape's namespace.
    const rss090 =
      channel?.ns === NS.rss090 ||
      root.attrs.some((a) => a.name.startsWith('xmlns') && a.value === NS.rss090);
    format = rss090 ? 'rss09x' : 'rss1';
  } else {
    format = /^0\.9/.test(attrValue(root, 'version')?.trim() ?? '') ? 'rss09x' : 'rss2';
  }

  const itemElements: XmlElement[] = [];
  const collect = (parent: XmlElement | undefined) => {
    if (parent) itemElements.push(...childElements(parent).filter(rss('item')));
  };
  if (loose) {
    const walk = (el: XmlElement) => {
      for (const c of childElements(el)) {
        if (rss('item')(c)) itemElements.push(c);
        else walk(c);
      }
    };
    walk(root);
  } else {
    collect(channel);
    if (channel !== root) collect(root); // RSS 1.0 puts items beside the channel
  }

  const feedTitle = trimmedText(
    channel && (firstChild(channel, rss('title')) ?? firstChild(channel, isExt(NS.dc, 'title'))),
  );
  const feedLink = channel ? rssLink(channel, rss) : undefined;
  const baseOf = makeBaseOf(feedLink);
  const entries = itemElements.map((item, index) => readRssItem(item, index, rss, baseOf, ctx));
  return { format, title: feedTitle, link: feedLink, entries };
}

function rssLink(
  parent: XmlElement,
  rss: (local: string) => (el: XmlElement) => boolean,
): string | undefined {
  const link = firstChild(parent, rss('link'));
  const href = trimmedText(link) ?? (link && attrValue(link, 'href')?.trim());
  if (link !== undefined && href !== undefined && href !== '') return resolveUrl(href, link.base);

  return atomAlternate(parent, (el) => el.ns === NS.atom10 || el.ns === NS.atom03, ownBase);
}

function readRssItem(
  item: XmlElement,
  index: number,
  rss: (local: string) => (el: XmlElement) => boolean,
  base: BaseOf,
  ctx: ReadContext,
): FeedEntry {
  const entry: FeedEntry = {};

  const title = firstChild(item, rss('title')) ?? firstChild(item, isExt(NS.dc, 'title'));
  if (title) entry.title = plainOrMarkup(title, base(title));

  const guid = firstChild(item, rss('guid'));
  const guidText = trimmedText(guid);
  const permalink =
    guid !== undefined && attrValue(guid, 'isPermaLink')?.trim().toLowerCase() !== 'false';
  if (guidText !== undefined) entry.id = guidText;
  else {
    const about = attrValue(item, 'about', NS.rdf)?.trim();
    if (about) entry.id = about;
  }

  const link = firstChild(item, rss('link'));
  const linkText = trimmedText(link);
  if (link && linkText !== undefined) entry.link = resolveUrl(linkText, base(link));
  else if (guid && guidText !== undefined && permalink && /^(https?:|\/)/i.test(guidText)) {
    entry.link = resolveUrl(guidText, base(guid));
  } else {
    const alt = atomAlternate(item, (el) => el.ns === NS.atom10 || el.ns === NS.atom03, base);
    if (alt !== undefined) entry.link = alt;
  }

  const author =
    firstChild(item, rss('author')) ??
    firstChild(item, isExt(NS.dc, 'creator')) ??
    firstChild(item, isExt(NS.dc, 'author'));
  const authorText = trimmedText(author);
  if (authorText !== undefined) entry.author = authorText;

  const published =
    lastChild(item, (el) => rss('pubDate')(el) || isExt(NS.dcterms, 'issued')(el)) ??
    firstChild(item, isExt(NS.dc, 'date')) ??
    lastChild(item, isExt(NS.dcterms, 'created'));
  setDate(entry, 'published', published, index, ctx);
  const updated =
    lastChild(item, isExt(NS.dcterms, 'modified')) ?? firstChild(item, isExt(NS.dc, 'date'));
  setDate(entry, 'updated', updated, index, ctx);

  const description =
    firstChild(item, rss('description')) ?? firstChild(item, isExt(NS.dc, 'description'));
  if (description) entry.summary = markup(description, base(description));
  // content:encoded; XHTML in the item (xhtml:body, or body without a namespace); fullitem.
  const encoded =
    firstChild(item, isExt(NS.content, 'encoded')) ?? firstChild(item, rss('fullitem'));
  const body =
    firstChild(item, isExt(NS.xhtml, 'body')) ??
    firstChild(item, isExt(NS.xhtml, 'div')) ??
    firstChild(item, rss('body'));
  if (encoded) entry.content = markup(encoded, base(encoded));
  else if (body) entry.content = markup(body, base(body));
  return prune(entry);
}

/** Text that is markup by convention (RSS description): element children are kept as markup. */
function markup(el: XmlElement, base: string | undefined): string | undefined {
  const hasElements = el.children.some((c) => c.kind === 'element');
  const html = hasElements ? serializeChildren(el) : textContent(el);
  const value = normalizeHtml(html.trim(), base).trim();
  return value === '' ? undefined : value;
}

/** Text that is plain by convention (RSS title); naked markup in it is kept as markup. */
function plainOrMarkup(el: XmlElement, base: string | undefined): string | undefined {
  if (el.children.some((c) => c.kind === 'element')) return markup(el, base);
  return trimmedText(el);
}

// --- Atom -----------------------------------------------------------------------------------

function readAtom(root: XmlElement, ctx: ReadContext, loose = false): FeedParts {
  const rootNs = root.local === 'feed' ? root.ns : '\0';
  const atom = (local: string) => (el: XmlElement) => isIn(el, local, ATOM_NAMESPACES, rootNs);
  const version = attrValue(root, 'version')?.trim() ?? '';
  const format: FeedFormat = root.ns === NS.atom03 || /^0\./.test(version) ? 'atom03' : 'atom10';

  const entryElements: XmlElement[] = [];
  if (loose) {
    const walk = (el: XmlElement) => {
      for (const c of childElements(el)) {
        if (atom('entry')(c)) entryElements.push(c);
        else walk(c);
      }
    };
    walk(root);
  } else {
    entryElements.push(...childElements(root).filter(atom('entry')));
  }

  const link = atomAlternate(root, atom('link'), ownBase);
  const baseOf = makeBaseOf(link);
  const titleEl = firstChild(root, atom('title'));
  const title = titleEl ? textConstruct(titleEl, format, baseOf(titleEl)) : undefined;
  const feedAuthor = atomAuthor(root, atom);
  const entries = entryElements.map((el, index) => {
    const entry = readAtomEntry(el, index, atom, format, baseOf, ctx);
    if (entry.author === undefined && feedAuthor !== undefined) entry.author = feedAuthor;
    return entry;
  });
  return { format, title, link, entries };
}

function readAtomEntry(
  el: XmlElement,
  index: number,
  atom: (local: string) => (el: XmlElement) => boolean,
  format: FeedFormat,
  base: BaseOf,
  ctx: ReadContext,
): FeedEntry {
  const entry: FeedEntry = {};
  const idEl = lastChild(el, atom('id'));
  const id = trimmedText(idEl);
  if (idEl && id !== undefined) entry.id = resolveUrl(id, base(idEl));

  const title = firstChild(el, atom('title'));
  if (title) entry.title = textConstruct(title, format, base(title));
  entry.link = atomAlternate(el, atom('link'), base);
  entry.author = atomAuthor(el, atom);

  const published =
    lastChild(el, (c) => atom('published')(c) || atom('issued')(c)) ??
    lastChild(el, atom('created')) ??
    lastChild(el, isExt(NS.dcterms, 'issued')) ??
    firstChild(el, isExt(NS.dc, 'date'));
  setDate(entry, 'published', published, index, ctx);
  const updated =
    lastChild(el, (c) => atom('updated')(c) || atom('modified')(c)) ??
    lastChild(el, isExt(NS.dcterms, 'modified'));
  setDate(entry, 'updated', updated, index, ctx);

  const summary = firstChild(el, atom('summary'));
  if (summary) entry.summary = textConstruct(summary, format, base(summary));
  const content = firstChild(el, atom('content'));
  if (content) entry.content = textConstruct(content, format, base(content));
  return prune(entry);
}

/** The href of the first link with rel="alternate" (the default rel); Atom 0.3 put it in text. */
function atomAlternate(
  parent: XmlElement,
  isLink: (el: XmlElement) => boolean,
  base: BaseOf,
): string | undefined {
  for (const link of childElements(parent)) {
    if (!isLink(link) || link.local !== 'link') continue;
    const rel = (attrValue(link, 'rel') ?? 'alternate').trim().toLowerCase();
    if (rel !== 'alternate' && rel !== `${NS.atom10.toLowerCase()}/alternate`) continue;
    const href = attrValue(link, 'href')?.trim() || trimmedText(link);
    if (href) return resolveUrl(href, base(link));
  }
  return undefined;
}

function atomAuthor(
  parent: XmlElement,
  atom: (local: string) => (el: XmlElement) => boolean,
): string | undefined {
  const author = firstChild(parent, atom('author'));
  if (author) {
    const hasParts = childElements(author).length > 0;
    if (!hasParts) return trimmedText(author);
    return (
      trimmedText(firstChild(author, atom('name'))) ??
      trimmedText(firstChild(author, atom('email')))
    );
  }
  return trimmedText(firstChild(parent, isExt(NS.dc, 'creator')));
}

/**
 * An Atom text construct. Atom 1.0: type text | html | xhtml | a MIME type (base64 unless XML or
 * text). Atom 0.3: a MIME type with mode xml | escaped | base64.
 */
function textConstruct(
  el: XmlElement,
  format: FeedFormat,
  base: string | undefined,
): string | undefined {
  const type = (attrValue(el, 'type') ?? '').trim().toLowerCase();
  const mode = (attrValue(el, 'mode') ?? '').trim().toLowerCase();
  const src = attrValue(el, 'src');
  const hasElements = el.children.some((c) => c.kind === 'element');
  let kind: 'text' | 'html' | 'xhtml' | 'base64';
  if (type === '' || type === 'text' || type === 'text/plain') kind = 'text';
  else if (type === 'html' || type === 'text/html') kind = 'html';
  else if (type === 'xhtml' || type === 'application/xhtml+xml') kind = 'xhtml';
  else if (type.endsWith('+xml') || type.endsWith('/xml') || type.startsWith('text/'))
    kind = 'html';
  else kind = 'base64';
  if (mode === 'base64') kind = 'base64';
  if (mode === 'xml' && hasElements) kind = 'xhtml';
  if (src !== undefined && !hasElements && textContent(el).trim() === '') return undefined;

  let value: string;
  switch (kind) {
    case 'base64': {
      const decoded = Buffer.from(textContent(el).replace(/\s+/g, ''), 'base64').toString('utf8');
      value =
        type === '' || type === 'text' || type === 'text/plain'
          ? decoded
          : normalizeHtml(decoded, base);
      break;
    }
    case 'xhtml': {
      let inner: XmlElement = el;
      const elements = childElements(el);
      const onlyDiv =
        elements.length === 1 && elements[0]?.local === 'div' && elements[0].ns === NS.xhtml;
      const onlyWhitespace = el.children.every(
        (c) => c.kind === 'element' || c.value.trim() === '',
      );
      // Atom 1.0 wraps xhtml in a div that is not part of the content; Atom 0.3 did not.
      if (format === 'atom10' && onlyDiv && onlyWhitespace && elements[0]) inner = elements[0];
      value = normalizeHtml(serializeChildren(inner).trim(), base);
      break;
    }
    case 'html':
      value = hasElements
        ? normalizeHtml(serializeChildren(el).trim(), base)
        : normalizeHtml(textContent(el).trim(), base);
      break;
    case 'text':
      value = hasElements ? normalizeHtml(serializeChildren(el).trim(), base) : textContent(el);
      break;
  }
  value = value.trim();
  return value === '' ? undefined : value;
}

// --- Dates and clean-up -------------------------------------------------------------------------

function setDate(
  entry: FeedEntry,
  field: 'published' | 'updated',
  el: XmlElement | undefined,
  index: number,
  ctx: ReadContext,
): void {
  const raw = trimmedText(el);
  if (raw === undefined) return;
  if (field === 'published') entry.publishedRaw = raw;
  else entry.updatedRaw = raw;
  const date = parseFeedDate(raw, ctx.offset);
  if (date === undefined) {
    ctx.errors.push({ index, field, message: `unparseable date "${raw.slice(0, 80)}"` });
  } else if (field === 'published') {
    entry.published = date;
  } else {
    entry.updated = date;
  }
}

function prune(entry: FeedEntry): FeedEntry {
  for (const key of Object.keys(entry) as (keyof FeedEntry)[]) {
    if (entry[key] === undefined) delete entry[key];
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Dates: RFC 822/2822 (with obsolete zones and 2-digit years), W3C-DTF/ISO 8601, asctime and
// Java's Date.toString(), and the Chinese forms (2024年1月5日 09:03, 2024-1-5 9:03:00).

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

/** Zone names in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  // Java's Date.toString() on a Chinese server prints "CST" for Beijing time; on the feeds this
  // system reads it means UTC+8 far more often than US Central (RFC 822's -0600).
  cst: 480,
  est: -300,
  edt: -240,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  ast: -240,
  adt: -180,
  akst: -540,
  akdt: -480,
  hst: -600,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
};

/** RFC 822 military zones: A-I = -1..-9, K-M = -10..-12, N-Y = +1..+12, Z = 0. */
function militaryZone(letter: string): number | undefined {
  const c = letter.toLowerCase().charCodeAt(0) - 96;
  if (letter.length !== 1 || c < 1 || c > 26 || c === 10) return undefined;
  if (c === 26) return 0;
  if (c <= 9) return -c * 60;
  if (c <= 13) return -(c - 1) * 60;
  return (c - 13) * 60;
}

function zoneOffset(zone: string | undefined, fallback: number): number | undefined {
  if (zone === undefined || zone === '') return fallback;
  const z = zone.trim().toLowerCase();
  const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (numeric) {
    const [, sign, hh = '0', mm = '0'] = numeric;
    const minutes = Number(hh) * 60 + Number(mm);
    if (Number(mm) > 59 || minutes > 18 * 60) return undefined;
    return sign === '-' ? -minutes : minutes;
  }
  const named = ZONES[z];
  if (named !== undefined) return named;
  return militaryZone(z);
}

function expandYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n; // RFC 2822 4.3
  if (y.length === 3) return 1900 + n;
  return n;
}

function buildDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offset: number | undefined,
): Date | undefined {
  if (offset === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
    return undefined;
  }
  const s = Math.min(second, 59); // a leap second is taken as :59
  const t = Date.UTC(year, month - 1, day, hour, minute, s, millis) - offset * 60_000;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function to24h(hour: number, ampm: string | undefined): number {
  if (ampm === undefined) return hour;
  const pm = ampm.toLowerCase().startsWith('p');
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

const ZONE = String.raw`(z|[+-]\d{1,2}(?::?\d{2})?|(?:gmt|utc|ut)\s*[+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5})`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap]\.?m\.?))?`;

const RFC822 = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{2,4})(?:[\s,T]+${TIME})?(?:\s*${ZONE})?(?:\s*\(.*\))?$`,
  'i',
);
// "Jan 5 2004 10:00 GMT", asctime "Thu Jan  1 19:48:21 2004", Java "Thu Jan 01 19:48:21 CST 2004"
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s+)?${TIME}(?:\s*${ZONE})?(?:\s+(\d{4}))?$`,
  'i',
);
const MONTH_FIRST_DATE =
  /^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
const NUMERIC = new RegExp(
  String.raw`^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:(?:t|\s+)${TIME})?(?:\s*${ZONE})?$`,
  'i',
);
const BASIC = new RegExp(
  String.raw`^(\d{4})(\d{2})(\d{2})(?:t?(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?\s*${ZONE}?$`,
  'i',
);

function fraction(ms: string | undefined): number {
  return ms === undefined ? 0 : Math.round(Number(`0.${ms}`) * 1000);
}

/**
 * Parses a feed date; undefined when it cannot. Dates without a zone are taken at
 * `defaultOffsetMinutes` east of UTC (default UTC+8).
 */
export function parseFeedDate(value: string, defaultOffsetMinutes = 480): Date | undefined {
  let s = value.trim().replace(/\s+/g, ' ');
  // No date is this long; the cap keeps the regular expressions below cheap on junk.
  if (s === '' || s.length > 100) return undefined;
  // Chinese forms: 2024年1月5日 09时03分 -> 2024-1-5 09:03
  s = s
    .replace(/(\d)\s*年\s*(\d)/, '$1-$2')
    .replace(/(\d)\s*月\s*(\d)/, '$1-$2')
    .replace(/(\d)\s*日\s*/, '$1 ')
    .replace(/(\d)\s*[时時点點]\s*(\d)/, '$1:$2')
    .replace(/(\d)\s*分\s*(\d)/, '$1:$2')
    .replace(/(\d)\s*[分秒]\s*$/, '$1')
    .trim();
  const off = (zone: string | undefined) => zoneOffset(zone, defaultOffsetMinutes);

  let m = NUMERIC.exec(s);
  if (m) {
    const [, y = '', mo = '', d, hh, mi, ss, ms, ampm, zone] = m;
    return buildDate(
      Number(y),
      Number(mo),
      d === undefined ? 1 : Number(d),
      hh === undefined ? 0 : to24h(Number(hh), ampm),
      Number(mi ?? 0),
      Number(ss ?? 0),
      fraction(ms),
      off(zone),
    );
  }
  m = BASIC.exec(s);
  if (m) {
    const [, y = '', mo = '', d = '', hh, mi, ss, ms, zone] = m;
    return buildDate(
      Number(y),
      Number(mo),
      Number(d),
      Number(hh ?? 0),
      Number(mi ?? 0),
      Number(ss ?? 0),
      fraction(ms),
      off(zone),
    );
  }
  if (/^\d{4}$/.test(s)) return buildDate(Number(s), 1, 1, 0, 0, 0, 0, off(undefined));
  m = RFC822.exec(s);
  if (m) {
    const [, d = '', mon = '', y = '', hh, mi, ss, ms, ampm, zone] = m;
    const month = MONTHS[mon.toLowerCase()];
    if (month === undefined) return undefined;
    return buildDate(
      expandYear(y),
      month,
      Number(d),
      hh === undefined ? 0 : to24h(Number(hh), ampm),
      Number(mi ?? 0),
      Number(ss ?? 0),
      fraction(ms),
      off(zone),
    );
  }
  m = MONTH_FIRST.exec(s);
  if (m) {
    const [, mon = '', d = '', y1, hh = '0', mi = '0', ss, ms, ampm, zone, y2] = m;
    const month = MONTHS[mon.toLowerCase()];
    const year = y1 ?? y2;
    if (month === undefined || year === undefined) return undefined;
    return buildDate(
      Number(year),
      month,
      Number(d),
      to24h(Number(hh), ampm),
      Number(mi),
      Number(ss ?? 0),
      fraction(ms),
      off(zone),
    );
  }
  m = MONTH_FIRST_DATE.exec(s);
  if (m) {
    const [, mon = '', d = '', y = ''] = m;
    const month = MONTHS[mon.toLowerCase()];
    if (month === undefined) return undefined;
    return buildDate(Number(y), month, Number(d), 0, 0, 0, 0, off(undefined));
  }
  return undefined;
}
