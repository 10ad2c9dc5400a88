// Turns the bytes of a fetched feed or page into text. The encoding is chosen the way browsers
// choose it (BOM, then HTTP charset, then the document's own declaration), then UTF-8, then GB18030.

export interface DecodedBody {
  text: string;
  /** Canonical (WHATWG) name of the encoding used, e.g. `utf-8`, `gbk`, `big5`, `windows-1252`. */
  encoding: string;
  /** Encoding problems met (unknown labels, invalid bytes); empty when decoding was clean. */
  problems: string[];
}

/**
 * Labels that servers and Chinese CMSs send but the WHATWG list lacks, plus UTF-32, which
 * TextDecoder does not know (the XML spec still allows it).
 */
const EXTRA_LABELS: Readonly<Record<string, string>> = {
  cp936: 'gbk',
  ms936: 'gbk',
  'windows-936': 'gbk',
  'euc-cn': 'gbk',
  'x-euc-cn': 'gbk',
  'gb18030-2000': 'gb18030',
  'gb18030-2005': 'gb18030',
  'gb18030-2022': 'gb18030',
  cp950: 'big5',
  ms950: 'big5',
  'utf-32': 'utf-32be',
  'utf-32be': 'utf-32be',
  'utf-32le': 'utf-32le',
  'ucs-4': 'utf-32be',
  'iso-10646-ucs-4': 'utf-32be',
};

/**
 * The canonical encoding for a charset label, per the WHATWG encoding spec (gb2312, x-gbk -> gbk;
 * us-ascii, iso-8859-1 -> windows-1252), or undefined for a label no decoder here supports.
 */
export function canonicalEncoding(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  if (l === '') return undefined;
  const extra = EXTRA_LABELS[l];
  if (extra !== undefined) return extra;
  try {
    // TextDecoder applies the WHATWG label table; it throws for unknown labels and for the
    // "replacement" ones (iso-2022-kr, hz-gb-2312), which would turn the whole body into U+FFFD.
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/** The `charset` parameter of a Content-Type header value, unquoted, or undefined. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * WHATWG index-windows-1252 for bytes 0x80-0x9F (the other bytes map to themselves). Node's own
 * windows-1252 decoder returns C1 controls there (nodejs/node#60888, since 20.18.3), and this
 * encoding is what iso-8859-1, us-ascii and latin1 labels mean on the web.
 */
export const WINDOWS_1252_C1: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

interface Choice {
  encoding: string;
  source: 'BOM' | 'HTTP' | 'document' | 'byte pattern' | 'default';
  /** Bytes to skip (a BOM). */
  skip: number;
}

export function decodeBody(bytes: Uint8Array, contentType?: string): DecodedBody {
  const problems: string[] = [];
  const choice =
    sniffBom(bytes) ??
    fromLabel(charsetFromContentType(contentType), 'HTTP', problems) ??
    sniffDocument(bytes, problems) ??
    defaultChoice(bytes);
  if (choice.source === 'default' && choice.encoding === 'gb18030') {
    // XML without a declaration must be UTF-8 (or UTF-16): this one is not, so it is a guess.
    problems.push('no charset declared and the bytes are not UTF-8; guessed gb18030');
  }
  const body = bytes.subarray(choice.skip);
  let encoding = choice.encoding;
  let result = decodeAs(encoding, body);

  // A Chinese site that declares UTF-8 (often the web server's default charset) but serves GBK:
  // when most non-ASCII text is invalid UTF-8 and the bytes are clean GB18030, take GB18030.
  // A UTF-8 document with a few damaged bytes keeps UTF-8 (its valid characters outnumber them).
  if (encoding === 'utf-8' && choice.source !== 'BOM' && result.invalid > 0) {
    const validNonAscii = countValidNonAscii(result.text) + result.genuine;
    if (validNonAscii < result.invalid) {
      const gb = decodeAs('gb18030', body);
      if (gb.invalid === 0) {
        problems.push(
          `declared utf-8 (${choice.source}) but the bytes are not UTF-8; decoded as gb18030`,
        );
        encoding = 'gb18030';
        result = gb;
      }
    }
  }
  if (result.invalid > 0) {
    problems.push(`${result.invalid} invalid byte sequence(s) for ${encoding}, replaced by U+FFFD`);
  }
  return { text: result.text, encoding, problems };
}

function sniffBom(bytes: Uint8Array): Choice | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf)
    return { encoding: 'utf-8', source: 'BOM', skip: 3 };
  // UTF-32LE's BOM starts like UTF-16LE's, so it is tested first.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) {
    return { encoding: 'utf-32le', source: 'BOM', skip: 4 };
  }
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) {
    return { encoding: 'utf-32be', source: 'BOM', skip: 4 };
  }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', source: 'BOM', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', source: 'BOM', skip: 2 };
  return undefined;
}

function fromLabel(
  label: string | undefined,
  source: 'HTTP' | 'document',
  problems: string[],
): Choice | undefined {
  if (label === undefined) return undefined;
  let encoding = canonicalEncoding(label);
  if (encoding === undefined) {
    problems.push(`unknown or unsupported charset "${label}" (${source}); ignored`);
    return undefined;
  }
  if (source === 'document' && /^utf-(16|32)/.test(encoding)) {
    // A declaration we could read as ASCII cannot be right about UTF-16/32 (WHATWG does the same
    // for <meta charset=utf-16>); real UTF-16/32 without a BOM is caught by its byte pattern.
    encoding = 'utf-8';
  }
  return { encoding, source, skip: 0 };
}

/**
 * The encoding the document names for itself: the XML declaration, or an HTML <meta>, in its
 * first 1024 bytes. UTF-16/32 without a BOM is recognised by the pattern of `<?` and zero bytes.
 */
function sniffDocument(bytes: Uint8Array, problems: string[]): Choice | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) {
    return { encoding: 'utf-32le', source: 'byte pattern', skip: 0 };
  }
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) {
    return { encoding: 'utf-32be', source: 'byte pattern', skip: 0 };
  }
  if (b0 === 0x3c && b1 === 0 && b2 !== 0) {
    return { encoding: 'utf-16le', source: 'byte pattern', skip: 0 };
  }
  if (b0 === 0 && b1 === 0x3c) return { encoding: 'utf-16be', source: 'byte pattern', skip: 0 };

  const head = latin1(bytes.subarray(0, 1024));
  const xml = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])\s*([^"']*?)\s*\1/i.exec(head);
  if (xml) return fromLabel(xml[2] ?? '', 'document', problems);
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(head);
  if (meta) return fromLabel(meta[1] ?? '', 'document', problems);
  return undefined;
}

function defaultChoice(bytes: Uint8Array): Choice {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', source: 'default', skip: 0 };
  } catch {
    // Undeclared and not UTF-8: on the Chinese web that is almost always GBK/GB2312, both
    // subsets of GB18030.
    return { encoding: 'gb18030', source: 'default', skip: 0 };
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

interface Decoded {
  text: string;
  invalid: number;
  /** U+FFFD characters the document really contains (not decoding failures). */
  genuine: number;
}

function decodeAs(encoding: string, bytes: Uint8Array): Decoded {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') {
    return decodeUtf32(bytes, encoding === 'utf-32le');
  }
  if (encoding === 'windows-1252') {
    return { text: decodeWindows1252(bytes), invalid: 0, genuine: 0 };
  }
  // gbk is decoded by the GB18030 decoder: GB18030 is its superset, so nothing is lost.
  const label = encoding === 'gbk' ? 'gb18030' : encoding;
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(bytes), invalid: 0, genuine: 0 };
  } catch {
    const text = new TextDecoder(label).decode(bytes);
    // U+FFFD may also be in the document on purpose (EF BF BD in UTF-8); do not count those.
    const genuine = encoding === 'utf-8' ? countUtf8Replacement(bytes) : 0;
    return { text, invalid: Math.max(1, countReplacement(text) - genuine), genuine };
  }
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): Decoded {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let invalid = 0;
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  for (let i = 0; i < whole; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      invalid++;
      parts.push('\ufffd');
    } else {
      parts.push(String.fromCodePoint(cp));
    }
  }
  if (whole !== bytes.byteLength) {
    invalid++;
    parts.push('\ufffd');
  }
  return { text: parts.join(''), invalid, genuine: 0 };
}

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? (WINDOWS_1252_C1[b - 0x80] ?? b) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function countReplacement(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

function countUtf8Replacement(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  }
  return n;
}

function countValidNonAscii(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f && c !== 0xfffd) n++;
  }
  return n;
}
