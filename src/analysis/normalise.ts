// The analysis text of a post: what the analysis stages (matching, sentiment, clustering) read.
// The original stays in the store untouched; this only derives a clean, comparable form of it.

import { hash } from 'node:crypto';
import { DecodingMode, decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { ConverterFunction, DictLike } from 'opencc-js/core';
import * as openccT2cn from 'opencc-js/t2cn';

// ---------------------------------------------------------------------------------------------
// Per-character tables

/**
 * A set of UTF-16 code units given by a predicate, learnt one code unit at a time (the first
 * time each is looked up): the fast paths below scan a text with it to see whether a regular
 * expression or a per-character rule has anything to do.
 */
export class CodeUnitSet {
  /** Per code unit: 0 not yet asked, 1 in the set, 2 not. */
  private readonly known = new Uint8Array(0x10000);
  private readonly test: (ch: string, code: number) => boolean;

  constructor(test: (ch: string, code: number) => boolean) {
    this.test = test;
  }

  has(code: number): boolean {
    let k = this.known[code] as number;
    if (k === 0) {
      k = this.test(String.fromCharCode(code), code) ? 1 : 2;
      this.known[code] = k;
    }
    return k === 1;
  }

  /** Whether any code unit of the text is in the set. */
  any(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.has(text.charCodeAt(i))) return true;
    return false;
  }
}

const isSurrogate = (code: number): boolean => code >= 0xd800 && code < 0xe000;

// ---------------------------------------------------------------------------------------------
// HTML

/** Elements whose content is never text a reader sees. */
const DROPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template']);

/** Elements that start a new line, so words of adjacent blocks do not run together. */
// prettier-ignore
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

/** Table cells are separated, not broken: a row is one line. */
const CELL_ELEMENTS = new Set(['td', 'th']);

/**
 * Weibo renders emoticons as `<img alt="[哈哈]">`; the bracketed name carries sentiment, so it is
 * kept. Any other alt text (photo descriptions, tracking pixels) is not part of the post.
 */
const WEIBO_EMOTICON_ALT = /^\[[^[\]\s]{1,12}\]$/u;

const HTML_TAG_NAMES =
  'a|abbr|article|aside|audio|b|big|blockquote|body|br|center|cite|code|dd|del|div|dl|dt|em|' +
  'figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|iframe|img|ins|li|link|main|mark|' +
  'meta|nav|noscript|ol|p|picture|pre|q|s|script|section|small|source|span|strong|style|sub|sup|' +
  'svg|table|tbody|td|template|tfoot|th|thead|time|title|tr|u|ul|video';

/**
 * Markup that only HTML produces: a known element's tag, a comment or a doctype. Plain posts do
 * contain angle brackets (`<via:@头条新闻 >`, `<SUPERNATURAL>`), so any-tag-like text is not enough.
 */
const LOOKS_LIKE_HTML = new RegExp(
  `<\\/?(?:${HTML_TAG_NAMES})(?:[\\s/][^<>]*)?>|<!--|<!doctype\\s`,
  'iu',
);

/** Whether a text should go through {@link stripHtml} rather than be read as plain text. */
export function looksLikeHtml(text: string): boolean {
  // Every alternative starts with `<`.
  return text.includes('<') && LOOKS_LIKE_HTML.test(text);
}

/**
 * Text of an HTML fragment or page: tags removed, blocks on their own lines, script/style content
 * dropped, entities decoded once, Weibo emoticon `alt`s kept as `[name]`.
 */
export function stripHtml(html: string): string {
  const out: string[] = [];
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (DROPPED_ELEMENTS.has(name)) dropDepth++;
        if (dropDepth > 0) return;
        if (BLOCK_ELEMENTS.has(name)) out.push('\n');
        else if (CELL_ELEMENTS.has(name)) out.push(' ');
        else if (name === 'img') {
          const alt = attribs.alt?.trim();
          if (alt !== undefined && WEIBO_EMOTICON_ALT.test(alt)) out.push(alt);
        }
      },
      onclosetag(name) {
        if (DROPPED_ELEMENTS.has(name)) {
          if (dropDepth > 0) dropDepth--;
          return;
        }
        if (dropDepth > 0) return;
        if (BLOCK_ELEMENTS.has(name)) out.push('\n');
        else if (CELL_ELEMENTS.has(name)) out.push(' ');
      },
      ontext(text) {
        // Line breaks in HTML source are layout, not content; blocks make the real breaks.
        if (dropDepth === 0) out.push(text.replace(/[ \t\r\n\f]+/gu, ' '));
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return collapseWhitespace(out.join(''));
}

/** Plain text may still carry entities (`&quot;`, `&nbsp;` in Weibo exports); only `&name;`. */
function decodeEntitiesStrict(text: string): string {
  return text.includes('&') ? decodeHTML(text, DecodingMode.Strict) : text;
}

/**
 * Plain text of a body. Feeds often escape HTML once more (`&lt;p&gt;`), so a result that still
 * looks like HTML, or still holds entities, gets another round; three rounds cover what is seen
 * in practice and keep {@link analysisText} idempotent.
 */
function toPlainText(raw: string, isHtml: boolean): string {
  let text = raw;
  let html = isHtml || looksLikeHtml(raw);
  for (let round = 0; round < 3; round++) {
    const next = html ? stripHtml(text) : decodeEntitiesStrict(text);
    if (next === text) break;
    text = next;
    html = looksLikeHtml(text);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Invisible and control characters, whitespace

/**
 * Characters that render as nothing but split words for a matcher: zero-width space/joiners,
 * direction marks, word joiner and invisible operators, BOM, soft hyphen, bidi embeddings and
 * isolates, the Arabic letter mark, Mongolian selectors, combining grapheme joiner, Hangul fillers
 * (used as "blank" nicknames), variation selectors (emoji presentation, CJK glyph variants) and
 * tag characters. Plus C0/C1 controls other than tab and line feed.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- they are the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** Removes zero-width, bidi, variation-selector and control characters (keeps `\n` and `\t`). */
export function removeInvisibles(text: string): string {
  if (!REMOVED.any(text)) return text;
  // Line breaks of every platform first, so removing controls never glues two lines together.
  return text.replace(/\r\n?|[\u0085\u2028\u2029]/gu, '\n').replace(INVISIBLE, '');
}

/** Code units either replacement of {@link removeInvisibles} may start at (and surrogates). */
const REMOVED = new CodeUnitSet(
  (ch, code) =>
    isSurrogate(code) || /[\r\u0085\u2028\u2029]/u.test(ch) || ch.search(INVISIBLE) >= 0,
);

/**
 * Runs of spaces become one space, spaces around line breaks go, and blank lines collapse into one
 * line break: paragraph structure survives as single newlines, nothing more.
 */
export function collapseWhitespace(text: string): string {
  if (isCollapsed(text)) return text;
  return text
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ ?\n[\s]*/gu, '\n')
    .trim();
}

const WHITESPACE = new CodeUnitSet((ch) => /\s/u.test(ch));

/**
 * Whether {@link collapseWhitespace} would leave the text as it is: no whitespace at either end,
 * none but single spaces and line breaks, and no space or line break next to a line break.
 */
function isCollapsed(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (WHITESPACE.has(text.charCodeAt(0)) || WHITESPACE.has(text.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (!WHITESPACE.has(c)) continue;
    if (c !== 0x20 && c !== 0x0a) return false;
    const next = text.charCodeAt(i + 1);
    if (WHITESPACE.has(next)) return false;
    if (c === 0x0a && text.charCodeAt(i - 1) === 0x20) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Width and compatibility forms

/**
 * Full-width punctuation that stays full-width: `，；：？！` are clause and sentence boundaries in
 * Chinese. Their ASCII look-alikes are ambiguous in mixed text (`1,000`, `08:30`, and `?` is
 * what a lost character becomes in GB18030 round trips), so folding them would blur exactly the
 * boundaries segmentation and sentence splitting rely on. `。、「」` are outside the full-width
 * ASCII block and untouched anyway.
 */
export const KEPT_FULL_WIDTH_PUNCTUATION = '，；：？！';

/**
 * Full-width ASCII (U+FF01..U+FF5E) to ASCII and the ideographic space to a space, except the
 * Chinese clause punctuation in {@link KEPT_FULL_WIDTH_PUNCTUATION}.
 */
export function toHalfWidth(text: string): string {
  if (!WIDENED.any(text)) return text;
  return text.replace(/[\uFF01-\uFF5E\u3000]/gu, (ch) => {
    if (ch === '\u3000') return ' ';
    if (KEPT_FULL_WIDTH_PUNCTUATION.includes(ch)) return ch;
    return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
  });
}

/** The code units {@link toHalfWidth} changes. */
const WIDENED = new CodeUnitSet(
  (ch, code) =>
    code === 0x3000 ||
    (code >= 0xff01 && code <= 0xff5e && !KEPT_FULL_WIDTH_PUNCTUATION.includes(ch)),
);

/**
 * CJK radicals that look the same as a whole character (`⻓` for 长, `⻔` for 门, `⺠` for 民). They
 * come from PDF and OCR text and from posts written to slip past keyword filters; NFKC folds the
 * Kangxi radicals (U+2F00..) but not these. Pairs radical + character, from Unicode 14.0
 * EquivalentUnifiedIdeograph.txt, U+2E81..U+2EF3 (U+2E80 and U+2E9A have no equivalent).
 */
const RADICAL_EQUIVALENTS =
  '⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵⺛旡⺜日' +
  '⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫' +
  '⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶' +
  '⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟' +
  '⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';

/**
 * Variants that encodings disagree on, so the same keystroke arrives as different characters:
 * GB2312 vs GB18030 tables give U+2015 or U+2014 for the Chinese dash; JIS-derived tables give
 * U+301C for the wave dash GBK maps to U+FF5E; Big5 and Japanese input give U+2027 or U+30FB for
 * the middle dot of transliterated names (GB: U+00B7).
 */
const ENCODING_VARIANTS: Readonly<Record<string, string>> = {
  '\u2015': '\u2014',
  '\u301C': '~',
  '\u2027': '\u00B7',
  '\u30FB': '\u00B7',
};

function buildVariantTable(): Map<string, string> {
  const table = new Map<string, string>(Object.entries(ENCODING_VARIANTS));
  const pairs = [...RADICAL_EQUIVALENTS];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    table.set(pairs[i] as string, pairs[i + 1] as string);
  }
  return table;
}

let variantTable: Map<string, string> | undefined;
const foldCache = new Map<string, string>();

/** How one character folds; see {@link foldCompatibility}. */
export function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  variantTable ??= buildVariantTable();
  let folded = variantTable.get(ch) ?? ch;
  // The Chinese ellipsis (……) is punctuation, not three full stops.
  if (folded === ch && !KEPT_FULL_WIDTH_PUNCTUATION.includes(ch) && ch !== '…' && ch !== '‥') {
    const nfkc = ch.normalize('NFKC');
    const first = nfkc.codePointAt(0) ?? 0;
    if (nfkc.length === 1 && first < 0x80) {
      // Small and vertical forms of kept punctuation (﹐ ︖) join the kept full-width form.
      const wide = String.fromCharCode(first + 0xfee0);
      folded = KEPT_FULL_WIDTH_PUNCTUATION.includes(wide) ? wide : nfkc;
    } else if (/^\p{M}/u.test(nfkc) || (nfkc.length > 1 && nfkc.startsWith(' '))) {
      // Spacing accents (¨ ˙ ￣) and half-width kana marks decompose to a space or a bare
      // combining mark; in posts they are decoration (kaomoji), so they stay as they are.
      folded = ch;
    } else {
      folded = variantTable.get(nfkc) ?? nfkc;
    }
  }
  // Text rarely uses more than a few thousand distinct characters; a flood of rare ones must not
  // grow the cache without bound.
  if (foldCache.size >= 65_536) foldCache.clear();
  foldCache.set(ch, folded);
  return folded;
}

/**
 * Unicode NFKC, so compatibility forms read as what they stand for (①→1, ㊣→正, ｆｕｌｌ→full,
 * CJK compatibility ideographs and Kangxi radicals → unified ideographs, ㎡→m2), plus the radical
 * and encoding-variant tables above, minus what NFKC would damage in Chinese text: clause
 * punctuation (kept full-width), the ellipsis and spacing accents. NFKC leaves unified ideographs
 * alone, so Chinese words are never changed by this step.
 */
export function foldCompatibility(text: string): string {
  // Per-character NFKC followed by NFC of the whole equals NFKC of the unprotected parts.
  const folded = foldChars(text);
  return NFC_ACTS.any(folded) ? folded.normalize('NFC') : folded;
}

/**
 * Every character of the text that {@link foldChar} changes, folded: what
 * `text.replace(/[\u0080-\u4DFF\uA000-\u{10FFFF}]/gu, foldChar)` gives, without calling foldChar
 * for the characters it leaves alone.
 */
function foldChars(text: string): string {
  let out = '';
  let done = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!FOLDED.has(c)) continue;
    // A surrogate pair is one character; a lone surrogate is read alone, as the regex does.
    const width =
      c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))
        ? 2
        : 1;
    const ch = text.slice(i, i + width);
    const folded = foldChar(ch);
    if (folded !== ch) {
      out += text.slice(done, i) + folded;
      done = i + width;
    }
    i += width - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Whether a UTF-16 code unit is the second half of a surrogate pair. */
export const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code < 0xe000;

/** The code units whose character {@link foldChar} changes (and surrogates). */
const FOLDED = new CodeUnitSet(
  (ch, code) =>
    code >= 0x80 && (code < 0x4e00 || code >= 0xa000) && (isSurrogate(code) || foldChar(ch) !== ch),
);

/**
 * Whether NFC may change a text that has this BMP code unit: it is not NFC itself (singletons,
 * composition exclusions), it may combine with the character before it (combining marks, and
 * the Hangul vowel and final jamo), or it has a combining class (marks again, which NFC orders).
 * A text made only of other code units is NFC already: NFC's quick check says yes to it.
 */
const NFC_ACTS = new CodeUnitSet(
  (ch, code) =>
    isSurrogate(code) ||
    ch.normalize('NFC') !== ch ||
    /\p{M}/u.test(ch) ||
    (code >= 0x1100 && code <= 0x11ff),
);

// ---------------------------------------------------------------------------------------------
// Case

/** Per UTF-16 code unit: 0 not yet classified, 1 lower-casing keeps it, 2 it may change it. */
const caseClass = new Uint8Array(0x10000);

/**
 * `text.toLowerCase()`, without the call when no character of the text has a lower-case
 * mapping (Chinese text): lower-casing changes a string only where it changes one of its
 * characters (the one context rule, final sigma, is for Σ, which changes anyway). Surrogates
 * always take the call.
 */
export function lowerCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cls = caseClass[c] as number;
    if (cls === 0) {
      const ch = String.fromCharCode(c);
      cls = (c >= 0xd800 && c < 0xe000) || ch.toLowerCase() !== ch ? 2 : 1;
      caseClass[c] = cls;
    }
    if (cls === 2) return text.toLowerCase();
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Traditional to simplified

type LocaleDicts = Readonly<Record<string, readonly (readonly DictLike[])[] | undefined>>;

/**
 * The part of `opencc-js/t2cn` (the traditional-to-simplified build) used here. Its declaration
 * file imports `./core` without an extension, which NodeNext cannot resolve, so the types are
 * restated from `opencc-js/core`, whose declarations resolve.
 */
interface OpenCcT2cn {
  Converter(options: { from: string; to: string }): ConverterFunction;
  CustomConverter(dict: DictLike): ConverterFunction;
  Locale: {
    from: LocaleDicts;
    to: LocaleDicts;
    /** Conversion chains by name (`hk2s`); the dictionaries Converter uses when present. */
    configs?: Readonly<Record<string, OpenCcConfig | undefined>>;
  };
}

interface OpenCcConfig {
  normalizationChain?: readonly (readonly DictLike[])[];
  conversionChain?: readonly (readonly DictLike[])[];
}

const opencc = openccT2cn as unknown as OpenCcT2cn;

interface SimplifiedConverters {
  /** Traditional (OpenCC standard and Hong Kong forms) to mainland simplified. */
  hk2s: ConverterFunction;
  /** Taiwan's `著` for the particle `着`, with OpenCC's list of words where `著` means zhù. */
  twZhe: ConverterFunction;
  /** Characters only simplified script uses (称, 发): OpenCC's t2s targets that are no source. */
  simplifiedOnly: ReadonlySet<string>;
  /**
   * What a text must have for hk2s to change it (see changingUnits): per BMP code unit, 1 for
   * such a character, 2 for the first character of such a phrase (the phrases by their first
   * character); the astral characters (a phrase that starts with one: that character). hk2s
   * leaves a text without any of them unchanged.
   */
  changing: {
    bmp: Uint8Array;
    astral: ReadonlySet<string>;
    phrases: ReadonlyMap<string, readonly string[]>;
  };
}

let converters: SimplifiedConverters | undefined;

function dictionaryPairs(groups: LocaleDicts[string]): string[][] {
  const pairs: string[][] = [];
  for (const group of groups ?? []) {
    for (const dict of group) {
      if (typeof dict === 'string') pairs.push(...dict.split('|').map((e) => e.split(' ')));
      else pairs.push(...dict.map(([from, to]) => [from, to]));
    }
  }
  return pairs;
}

function buildConverters(): SimplifiedConverters {
  const twZhe: [string, string][] = [];
  for (const [from, to] of dictionaryPairs(opencc.Locale.from.tw)) {
    if (from?.includes('著') && to !== undefined) twZhe.push([from, to]);
  }
  const sources = new Set<string>();
  const targets = new Set<string>();
  for (const [from, to] of dictionaryPairs(opencc.Locale.to.cn)) {
    if (from === undefined || to === undefined || [...from].length !== 1) continue;
    sources.add(from);
    for (const ch of to) targets.add(ch);
  }
  return {
    hk2s: opencc.Converter({ from: 'hk', to: 'cn' }),
    twZhe: opencc.CustomConverter(twZhe),
    simplifiedOnly: new Set([...targets].filter((ch) => !sources.has(ch))),
    changing: changingUnits(),
  };
}

/**
 * {@link SimplifiedConverters.changing}, from every dictionary hk2s may use: the `hk2s` chain
 * and the `hk` and `cn` locale dictionaries (a superset, whichever way Converter combines them).
 * An entry that changes its phrase can only match where the whole phrase is: single characters
 * that change (but the {@link roundTrips}, 吃 → 喫 → 吃) are looked for anywhere; a phrase with
 * none of them (一口吃成 → 一口喫成, 一坏 → 一坯) is looked for as a whole, and so is what a round
 * trip's phrase is made of before the first group (李秘 for 李祕 → 李祕, where 秘 → 祕 stays). So 么
 * (in 么麼 → 幺麽, which has 麼), 吃, 温 or 坏 alone do not send a post to the converter.
 */
function changingUnits(): SimplifiedConverters['changing'] {
  const chain = opencc.Locale.configs?.hk2s;
  const groups = [
    ...(chain?.normalizationChain ?? []),
    ...(chain?.conversionChain ?? []),
    ...(opencc.Locale.from.hk ?? []),
    ...(opencc.Locale.to.cn ?? []),
  ];
  const singles = new Map<string, Set<string>>();
  const phrases: string[][] = [];
  for (const [from, to] of dictionaryPairs(groups)) {
    if (from === undefined || to === undefined || from === to) continue;
    const chars = [...from];
    if (chars.length === 1) singles.set(from, (singles.get(from) ?? new Set()).add(to));
    else phrases.push(chars);
  }
  const { back, phrases: roundTripPhrases } = roundTrips(chain, singles);
  phrases.push(...roundTripPhrases);
  const marked = new Set([...singles.keys()].filter((ch) => !back.has(ch)));
  const changing = {
    bmp: new Uint8Array(0x10000),
    astral: new Set<string>(),
    phrases: new Map<string, string[]>(),
  };
  const mark = (ch: string, kind: 1 | 2): void => {
    if (ch.length > 1) changing.astral.add(ch);
    else if (changing.bmp[ch.charCodeAt(0)] !== 1) changing.bmp[ch.charCodeAt(0)] = kind;
  };
  for (const ch of marked) mark(ch, 1);
  for (const chars of phrases) {
    if (chars.some((ch) => marked.has(ch))) continue;
    const first = chars[0]!;
    const phrase = chars.join('');
    const known = changing.phrases.get(first) ?? [];
    if (!known.includes(phrase)) changing.phrases.set(first, [...known, phrase]);
    mark(first, 2);
  }
  return changing;
}

/**
 * Characters that hk2s changes and changes back: the first group of its chain (Hong Kong
 * variants to OpenCC standard) turns 吃 into 喫, 温 into 溫, and the second (traditional to
 * simplified) turns them back, character by character. A character counts when its only
 * changing entry anywhere is that one in the first group, its result changes anywhere (so a
 * text that has the result goes to the converter anyway) but in no entry of the first group,
 * and the second group's only single-character entry for the result turns it back.
 *
 * The second group's phrases may still hold the result (溫昇豪 → 温昇豪, 李祕 → 李祕, 坏戶 → 坯户).
 * Such a phrase can only match where the text had it with the round trips undone (李秘, 坏户); a
 * phrase whose result is exactly that (温昇豪) gives the text back unchanged, and the others are
 * returned in `phrases`, as written before the first group (李秘, 坏户), to be looked for whole.
 * In a text without other changing characters or phrases every other entry that can match maps
 * a phrase to itself, so the text comes out as it went in.
 */
function roundTrips(
  chain: OpenCcConfig | undefined,
  singles: ReadonlyMap<string, ReadonlySet<string>>,
): { back: Set<string>; phrases: string[][] } {
  const back = new Set<string>();
  const phrases: string[][] = [];
  const [first, second, ...rest] = chain?.conversionChain ?? [];
  if (first === undefined || second === undefined || rest.length > 0) return { back, phrases };
  const normalised = new Set(dictionaryPairs(chain?.normalizationChain).map(([from]) => from));
  const firstSources = new Set(dictionaryPairs([first]).map(([from]) => from));
  const secondSingles = new Map<string, Set<string>>();
  const secondPhrases: [string[], string][] = [];
  for (const [from, to] of dictionaryPairs([second])) {
    if (from === undefined || to === undefined) continue;
    const chars = [...from];
    if (chars.length === 1) secondSingles.set(from, (secondSingles.get(from) ?? new Set()).add(to));
    else secondPhrases.push([chars, to]);
  }
  /** Round trip results to their characters (吃's 喫 to 吃). */
  const undo = new Map<string, string>();
  for (const [from, to] of dictionaryPairs([first])) {
    if (from === undefined || to === undefined || from === to || [...from].length !== 1) continue;
    const changes = singles.get(from);
    const returns = secondSingles.get(to);
    if (
      changes?.size === 1 &&
      changes.has(to) &&
      [...to].length === 1 &&
      singles.has(to) &&
      !firstSources.has(to) &&
      returns?.size === 1 &&
      returns.has(from) &&
      ![...(secondSingles.get(from) ?? [])].some((t) => t !== from) &&
      !normalised.has(from)
    ) {
      back.add(from);
      undo.set(to, from);
    }
  }
  for (const [chars, to] of secondPhrases) {
    if (!chars.some((ch) => undo.has(ch))) continue;
    const before = chars.map((ch) => undo.get(ch) ?? ch);
    if (before.join('') !== to) phrases.push(before);
  }
  return { back, phrases };
}

/** Whether hk2s may change the text: it has a character or phrase it may change, or a lone surrogate. */
function mayChange(text: string, changing: SimplifiedConverters['changing']): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xe000) {
      const low = text.charCodeAt(i + 1);
      if (c >= 0xdc00 || !(low >= 0xdc00 && low < 0xe000)) return true;
      if (changing.astral.has(text.slice(i, i + 2))) return true;
      i++;
      continue;
    }
    const kind = changing.bmp[c];
    if (kind === 1) return true;
    if (kind === 2) {
      for (const phrase of changing.phrases.get(text[i]!)!)
        if (text.startsWith(phrase, i)) return true;
    }
  }
  return false;
}

const HAN = /\p{Script=Han}/u;

/**
 * Whether the text is written in traditional script: clearly more characters that the conversion
 * changes (by position) than characters only simplified script has.
 */
function isTraditionalScript(
  before: string,
  after: string,
  simplifiedOnly: ReadonlySet<string>,
): boolean {
  const a = [...before];
  const b = [...after];
  let traditional = 0;
  let simplified = 0;
  for (let i = 0; i < a.length; i++) {
    const ch = a[i] as string;
    if (simplifiedOnly.has(ch)) simplified++;
    else if (b[i] !== ch && HAN.test(ch)) traditional++;
  }
  return traditional >= 2 && traditional > 3 * simplified;
}

/**
 * Traditional Chinese (OpenCC standard, Hong Kong and Taiwan forms) to mainland simplified.
 *
 * The Hong Kong converter (hk2s) is the base: on real, already simplified Weibo posts it changes
 * nothing but traditional characters, whereas the Taiwan converter (tw2s) also rewrites
 * simplified text (么 → 幺 in 怎么, 著 → 着 in 著称). Taiwan writes the particle 着 as 著; that
 * one rule is applied only to text in traditional script, where 著 mostly means that, so a
 * simplified post that quotes one traditional word keeps its 著称.
 */
export function toSimplified(text: string): string {
  // Built on first use: the dictionaries take tens of milliseconds to load into tries.
  converters ??= buildConverters();
  const { hk2s, twZhe, simplifiedOnly, changing } = converters;
  // Most posts are simplified already: nothing hk2s could change, so nothing to convert.
  if (!mayChange(text, changing) || !HAN.test(text)) return text;
  const simplified = hk2s(text);
  if (simplified === text) return text;
  const twText =
    text.includes('著') && isTraditionalScript(text, simplified, simplifiedOnly) ? twZhe(text) : '';
  return untilStable(hk2s, twText === '' ? simplified : hk2s(twText));
}

/**
 * OpenCC's phrase table matches a few phrases across a word boundary (於潛伏期 is read as the
 * place name 於潛, 什麼麽 as 么麽), so one pass can leave a character that a second pass would
 * convert. Converting until nothing changes keeps the analysis text idempotent.
 */
function untilStable(convert: ConverterFunction, text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const next = convert(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// The analysis text

// Most posts come out of every step below as they went in (simplified Chinese, half-width
// punctuation, single spaces). One scan with one table answers, for each code unit, every
// step's question at once, and sends the text through the steps only when one of them may act.

/** Per code unit: the steps that may act on a text with it (bits below), learnt on first sight. */
const unitSteps = new Uint16Array(0x10000);
const U_KNOWN = 1;
/** Something {@link normaliseBody} changes wherever it is (also: surrogates, `<` and `&`). */
const U_ACTS = 2;
/** The first character of a phrase the converter may change (see changingUnits). */
const U_PHRASE = 4;
/** Whitespace: {@link collapseWhitespace} may act, depending on the neighbours. */
const U_SPACE = 8;

function learnUnit(code: number, changing: SimplifiedConverters['changing']): number {
  let steps = U_KNOWN;
  if (
    REMOVED.has(code) ||
    FOLDED.has(code) ||
    WIDENED.has(code) ||
    NFC_ACTS.has(code) ||
    code === 0x3c || // `<`: markup
    code === 0x26 || // `&`: entities
    changing.bmp[code] === 1
  ) {
    steps |= U_ACTS;
  }
  if (changing.bmp[code] === 2) steps |= U_PHRASE;
  if (WHITESPACE.has(code)) steps |= U_SPACE;
  unitSteps[code] = steps;
  return steps;
}

const AS_IT_IS = 0;
const COLLAPSE = 1;
const EVERY_STEP = 2;

/**
 * What {@link normaliseBody} does to a plain (not HTML) text: leaves it as it is, only collapses
 * its whitespace, or may do anything (every step then runs).
 */
function plainTextSteps(raw: string): number {
  converters ??= buildConverters();
  const { changing } = converters;
  const n = raw.length;
  let collapsed = true;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    let steps = unitSteps[c] as number;
    if (steps === 0) steps = learnUnit(c, changing);
    if (steps === U_KNOWN) continue;
    if ((steps & U_ACTS) !== 0) return EVERY_STEP;
    if ((steps & U_PHRASE) !== 0) {
      for (const phrase of changing.phrases.get(raw[i]!)!) {
        if (raw.startsWith(phrase, i)) return EVERY_STEP;
      }
    }
    // As isCollapsed: single spaces and line breaks inside, no space before a line break.
    if (
      collapsed &&
      (steps & U_SPACE) !== 0 &&
      ((c !== 0x20 && c !== 0x0a) ||
        i === 0 ||
        i === n - 1 ||
        (c === 0x0a && raw.charCodeAt(i - 1) === 0x20) ||
        WHITESPACE.has(raw.charCodeAt(i + 1)))
    ) {
      collapsed = false;
    }
  }
  return collapsed ? AS_IT_IS : COLLAPSE;
}

/** Body or title through every step but the joining. */
function normaliseBody(raw: string, isHtml: boolean): string {
  if (!isHtml) {
    const steps = plainTextSteps(raw);
    if (steps === AS_IT_IS) return raw;
    if (steps === COLLAPSE) return collapseWhitespace(raw);
  }
  // Invisibles and width first as well: markup written `＜ｐ＞` or `<\u200Bp>` must be seen as
  // markup now, or it would only be found (and removed) when the analysis text is normalised again.
  const plain = toPlainText(foldCompatibility(removeInvisibles(raw)), isHtml);
  // Again after decoding: entities can spell any character (`&#xFF21;`, `&#x200B;`). The steps
  // below are those plainTextSteps answers for (markup aside), so its answer holds for them.
  const steps = plainTextSteps(plain);
  if (steps === AS_IT_IS) return plain;
  if (steps === COLLAPSE) return collapseWhitespace(plain);
  const folded = toHalfWidth(foldCompatibility(removeInvisibles(plain)));
  return collapseWhitespace(toSimplified(folded));
}

export interface AnalysisInput {
  title?: string | undefined;
  text: string;
  /** The text is HTML (feeds, pages). Text that looks like HTML is treated as HTML anyway. */
  isHtml?: boolean | undefined;
}

/**
 * The text the analysis stages read: HTML stripped, invisible characters removed, compatibility
 * forms and full-width ASCII folded, traditional converted to simplified, whitespace collapsed;
 * the title first on its own line unless the text already starts with it. Idempotent:
 * `analysisText({ text: analysisText(p) }) === analysisText(p)`.
 */
export function analysisText(post: AnalysisInput): string {
  const body = normaliseBody(post.text, post.isHtml === true);
  const title = post.title === undefined ? '' : normaliseBody(post.title, false);
  if (title === '' || body.startsWith(title)) return body;
  return body === '' ? title : `${title}\n${body}`;
}

/**
 * What two texts must share to count as the same content: letters, digits and combining marks,
 * lower-cased; whitespace, punctuation, symbols and emoji do not count. A text made only of those
 * keeps its characters (without whitespace), so posts of only "???" and only "!!!" differ.
 */
export function contentKey(analysis: string): string {
  const lower = analysis.toLowerCase();
  const key = lower.replace(/[^\p{L}\p{N}\p{M}]/gu, '');
  return key !== '' ? `k:${key}` : `s:${lower.replace(/\s/gu, '')}`;
}

/**
 * SHA-256 (hex) of {@link contentKey}: the exact-duplicate key and the natural key of last resort.
 * Pass the output of {@link analysisText}, so traditional/simplified and width variants agree.
 */
export function contentHash(analysis: string): string {
  return hash('sha256', contentKey(analysis), 'hex');
}
