import { describe, expect, it } from 'vitest';
import { canonicalEncoding, charsetFromContentType, decodeBody } from './charset.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));

// GBK bytes, hand-written (Node has no GBK encoder): 统计 and 公报.
const TONGJI = [0xcd, 0xb3, 0xbc, 0xc6];
const GONGBAO = [0xb9, 0xab, 0xb1, 0xa8];

const utf16 = (s: string, bigEndian: boolean): number[] => {
  const le = Array.from(Buffer.from(s, 'utf16le'));
  if (!bigEndian) return le;
  const be: number[] = [];
  for (let i = 0; i < le.length; i += 2) be.push(le[i + 1] ?? 0, le[i] ?? 0);
  return be;
};

describe('canonicalEncoding', () => {
  it('maps labels as the WHATWG encoding spec does, plus what Chinese servers send', () => {
    expect(canonicalEncoding('gb2312')).toBe('gbk');
    expect(canonicalEncoding('GBK')).toBe('gbk');
    expect(canonicalEncoding('x-gbk')).toBe('gbk');
    expect(canonicalEncoding('cp936')).toBe('gbk');
    expect(canonicalEncoding(' GB18030 ')).toBe('gb18030');
    expect(canonicalEncoding('us-ascii')).toBe('windows-1252');
    expect(canonicalEncoding('iso-8859-1')).toBe('windows-1252');
    expect(canonicalEncoding('big5')).toBe('big5');
    expect(canonicalEncoding('utf-32')).toBe('utf-32be');
  });

  it('rejects unknown labels and the "replacement" ones', () => {
    expect(canonicalEncoding('x-bogus')).toBeUndefined();
    expect(canonicalEncoding('iso-2022-kr')).toBeUndefined();
    expect(canonicalEncoding('')).toBeUndefined();
  });
});

describe('charsetFromContentType', () => {
  it('reads the charset parameter however it is quoted and spaced', () => {
    expect(charsetFromContentType('text/xml; charset=gbk')).toBe('gbk');
    expect(charsetFromContentType('text/xml;charset = us-ascii')).toBe('us-ascii');
    expect(charsetFromContentType('application/rss+xml;charset= "GB2312"')).toBe('GB2312');
    expect(charsetFromContentType("text/xml;charset='utf-8'")).toBe('utf-8');
    expect(charsetFromContentType('text/xml; charset:iso-8859-1')).toBeUndefined();
    expect(charsetFromContentType('text/xml;')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('takes the charset of the XML declaration (gb2312 decoded as GB18030, reported gbk)', () => {
    const r = decodeBody(bytes('<?xml version="1.0" encoding="gb2312"?><t>', TONGJI, '</t>'));
    expect(r).toEqual({
      text: '<?xml version="1.0" encoding="gb2312"?><t>统计</t>',
      encoding: 'gbk',
      problems: [],
    });
  });

  it('takes the charset of an HTML <meta http-equiv> (a GB2312 page)', () => {
    const page = bytes(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />',
      '<title>',
      TONGJI,
      GONGBAO,
      '</title></head></html>',
    );
    const r = decodeBody(page, 'text/html');
    expect(r.encoding).toBe('gbk');
    expect(r.text).toContain('<title>统计公报</title>');
    expect(r.problems).toEqual([]);
  });

  it('takes <meta charset>', () => {
    const r = decodeBody(bytes('<!doctype html><meta charset="GBK"><p>', TONGJI));
    expect(r.encoding).toBe('gbk');
    expect(r.text.endsWith('统计')).toBe(true);
  });

  it('lets the HTTP charset win over the document, as browsers do', () => {
    const r = decodeBody(
      bytes('<?xml version="1.0" encoding="utf-8"?><t>', TONGJI, '</t>'),
      'application/xml; charset=GBK',
    );
    expect(r.encoding).toBe('gbk');
    expect(r.text).toContain('<t>统计</t>');
    expect(r.problems).toEqual([]);
  });

  it('lets a BOM win over both HTTP and the document', () => {
    const utf8 = Array.from(Buffer.from('<?xml version="1.0" encoding="gbk"?><t>统计</t>'));
    const r = decodeBody(bytes([0xef, 0xbb, 0xbf], utf8), 'text/xml; charset=big5');
    expect(r).toEqual({
      text: '<?xml version="1.0" encoding="gbk"?><t>统计</t>',
      encoding: 'utf-8',
      problems: [],
    });
  });

  it('decodes UTF-16 with a BOM, either byte order', () => {
    const doc = '<?xml version="1.0" encoding="utf-16"?><t>统计</t>';
    const le = decodeBody(bytes([0xff, 0xfe], utf16(doc, false)));
    expect(le).toEqual({ text: doc, encoding: 'utf-16le', problems: [] });
    const be = decodeBody(bytes([0xfe, 0xff], utf16(doc, true)), 'text/xml; charset=utf-8');
    expect(be).toEqual({ text: doc, encoding: 'utf-16be', problems: [] });
  });

  it('recognises UTF-16 without a BOM by its zero bytes', () => {
    const doc = '<?xml version="1.0" encoding="utf-16"?><t>统计</t>';
    expect(decodeBody(bytes(utf16(doc, true))).encoding).toBe('utf-16be');
    expect(decodeBody(bytes(utf16(doc, false))).text).toBe(doc);
  });

  it('decodes UTF-32 (which TextDecoder does not know)', () => {
    const r = decodeBody(bytes([0xff, 0xfe, 0, 0], [0x3c, 0, 0, 0], [0x1f, 0xf6, 0x01, 0]));
    expect(r).toEqual({ text: '<😟', encoding: 'utf-32le', problems: [] });
  });

  it('decodes Big5 and EUC-KR when declared', () => {
    const big5 = decodeBody(
      bytes('<?xml version="1.0" encoding="big5"?><t>', [0xa4, 0xa4, 0xa4, 0xe5]),
    );
    expect(big5.text.endsWith('<t>中文')).toBe(true);
    const euckr = decodeBody(bytes('<t>', [0xc7, 0xd1, 0xb1, 0xb9]), 'text/xml; charset=euc-kr');
    expect(euckr.text).toBe('<t>한국');
  });

  it('decodes windows-1252 (and iso-8859-1, us-ascii) by the WHATWG table, curly quotes included', () => {
    // Node's own decoder returns C1 controls for 0x80-0x9F (nodejs/node#60888).
    const r = decodeBody(
      bytes('<t>', [0x93, 0x80, 0x94, 0xa3], '</t>'),
      'text/xml; charset=iso-8859-1',
    );
    expect(r).toEqual({ text: '<t>“€”£</t>', encoding: 'windows-1252', problems: [] });
  });

  it('without any declaration, takes UTF-8 when the bytes are UTF-8', () => {
    const r = decodeBody(new TextEncoder().encode('<t>统计</t>'));
    expect(r).toEqual({ text: '<t>统计</t>', encoding: 'utf-8', problems: [] });
  });

  it('without any declaration, falls back to GB18030 for bytes that are not UTF-8, and says so', () => {
    const r = decodeBody(bytes('<t>', TONGJI, '</t>'));
    expect(r.text).toBe('<t>统计</t>');
    expect(r.encoding).toBe('gb18030');
    expect(r.problems).toEqual([
      'no charset declared and the bytes are not UTF-8; guessed gb18030',
    ]);
  });

  it('notes an unknown label and falls back to the next source', () => {
    const r = decodeBody(
      bytes('<?xml version="1.0" encoding="gbk"?><t>', TONGJI, '</t>'),
      'text/xml; charset=x-klingon',
    );
    expect(r.encoding).toBe('gbk');
    expect(r.text).toContain('统计');
    expect(r.problems).toEqual(['unknown or unsupported charset "x-klingon" (HTTP); ignored']);
  });

  it('replaces invalid sequences with U+FFFD and counts them, never throwing', () => {
    const utf8 = Array.from(Buffer.from('统计公报，数据发布'));
    const r = decodeBody(bytes('<?xml version="1.0" encoding="utf-8"?><t>', utf8, [0xff], '</t>'));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toContain('统计公报，数据发布\ufffd</t>');
    expect(r.problems).toEqual(['1 invalid byte sequence(s) for utf-8, replaced by U+FFFD']);
  });

  it('does not count a U+FFFD that the document really contains', () => {
    const r = decodeBody(
      bytes('<t>', Array.from(Buffer.from('\ufffd')), [0xc3], '</t>'),
      'text/xml; charset=utf-8',
    );
    expect(r.problems).toEqual(['1 invalid byte sequence(s) for utf-8, replaced by U+FFFD']);
  });

  it('reads GBK served as UTF-8 (a server default) as GB18030, and reports the mismatch', () => {
    const r = decodeBody(bytes('<t>', TONGJI, GONGBAO, '</t>'), 'text/xml; charset=utf-8');
    expect(r.text).toBe('<t>统计公报</t>');
    expect(r.encoding).toBe('gb18030');
    expect(r.problems).toEqual([
      'declared utf-8 (HTTP) but the bytes are not UTF-8; decoded as gb18030',
    ]);
  });

  it('keeps UTF-8 for a UTF-8 document with one broken byte (no GB18030 mojibake)', () => {
    const utf8 = Array.from(Buffer.from('统计公报'));
    const r = decodeBody(bytes('<t>', utf8, [0xe4], '</t>'), 'text/xml; charset=utf-8');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('<t>统计公报\ufffd</t>');
  });

  it('copes with an empty body', () => {
    expect(decodeBody(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', problems: [] });
  });
});
