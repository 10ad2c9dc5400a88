// Rules of the analysis text, one by one, then the whole on real Weibo posts when the shared
// corpora are present (../shared/data, see its README); they are skipped with a warning otherwise.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodingMode, decodeHTML } from 'entities';
import { Converter, Locale } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import {
  analysisText,
  collapseWhitespace,
  contentHash,
  contentKey,
  foldChar,
  foldCompatibility,
  KEPT_FULL_WIDTH_PUNCTUATION,
  looksLikeHtml,
  lowerCase,
  removeInvisibles,
  stripHtml,
  toHalfWidth,
  toSimplified,
} from './normalise.ts';

describe('stripHtml', () => {
  it('removes tags and turns block elements into line breaks', () => {
    expect(stripHtml('<div><p>第一段<b>加粗</b></p><p>第二<br>行</p><h2>标题</h2></div>')).toBe(
      '第一段加粗\n第二\n行\n标题',
    );
    expect(stripHtml('<ul><li>一</li><li>二</li></ul>尾')).toBe('一\n二\n尾');
    expect(
      stripHtml('<table><tr><td>甘肃</td><td>2.5%</td></tr><tr><td>全国</td></tr></table>'),
    ).toBe('甘肃 2.5%\n全国');
  });

  it('drops script, style, noscript and comments', () => {
    expect(
      stripHtml(
        '前<script>var a = "<p>x</p>";</script><style>p{color:red}</style><noscript>请启用</noscript><!-- 注释 -->后',
      ),
    ).toBe('前后');
  });

  it('decodes entities exactly once (a no-break space is a space)', () => {
    expect(stripHtml('<p>A&amp;B &lt;b&gt; &quot;引号&quot; &#20013;&#x6587; a&nbsp;b</p>')).toBe(
      'A&B <b> "引号" 中文 a b',
    );
    expect(stripHtml('<p>&amp;lt;p&amp;gt;</p>')).toBe('&lt;p&gt;');
  });

  it('keeps Weibo emoticon alt text and nothing else from images', () => {
    expect(
      stripHtml(
        '好<img alt="[哈哈]" src="//h5.sinaimg.cn/m/emoticon/icon/default/d_haha.png">看<img alt="现场照片" src="a.jpg"><img src="b.gif">',
      ),
    ).toBe('好[哈哈]看');
    expect(stripHtml('<span class="url-icon"><img alt=[doge] src="x.png"></span>')).toBe('[doge]');
  });

  it('treats source line breaks as spaces', () => {
    expect(stripHtml('<p>\n  统计\n  数据\n</p>\n<p>发布</p>')).toBe('统计 数据\n发布');
  });
});

describe('looksLikeHtml', () => {
  it.each([
    '<p>正文</p>',
    '第一行<br/>第二行',
    '<a href="https://weibo.com/n/x">@x</a>',
    '<!-- x -->',
    '<!DOCTYPE html><html></html>',
    '<img alt="[哈哈]" src="x.png">',
  ])('recognises %s', (text) => {
    expect(looksLikeHtml(text)).toBe(true);
  });

  it.each([
    '【扩散！】微博整合核心内容 <via:@头条新闻 > 2武威',
    'FORMALLY KNOWN AS THE ORIGINAL NAME-<SUPERNATURAL>[鼓掌]',
    '良心<delete/>福利</delete>美食番',
    'GDP 增速 3 < 5 > 2',
    '中医好声音&nbsp;&nbsp;传递正能量',
  ])('does not take %s for HTML', (text) => {
    expect(looksLikeHtml(text)).toBe(false);
  });
});

describe('removeInvisibles', () => {
  it('removes zero-width characters, the soft hyphen and the BOM', () => {
    const hidden = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\u2064', '\uFEFF'];
    expect(removeInvisibles(`统${hidden.join('')}计\u00AD局`)).toBe('统计局');
  });

  it('removes bidi embeddings, overrides and isolates', () => {
    expect(
      removeInvisibles('\u202A统\u202B计\u202C局\u202D数\u202E据\u2066造\u2067假\u2068!\u2069'),
    ).toBe('统计局数据造假!');
  });

  it('removes C0 and C1 controls but keeps tab and line feed', () => {
    expect(removeInvisibles('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg\th\ni')).toBe(
      'abcde\nfg\th\ni',
    );
  });

  it('turns every kind of line break into a line feed', () => {
    expect(removeInvisibles('一\r\n二\r三\u2028四\u2029五')).toBe('一\n二\n三\n四\n五');
  });

  it('removes Hangul fillers and variation selectors used as blanks', () => {
    expect(removeInvisibles('\u3164\u3164统计\uFE0F局\u{E0101}')).toBe('统计局');
  });
});

describe('collapseWhitespace', () => {
  it('keeps single line breaks between blocks and single spaces within lines', () => {
    expect(collapseWhitespace('  统计   局 \t 数据 \n\n\n  造假 \n ')).toBe('统计 局 数据\n造假');
    expect(collapseWhitespace('a\u00A0\u2003b\u3000c')).toBe('a b c');
  });
});

describe('toHalfWidth', () => {
  it('folds full-width letters, digits and ASCII symbols', () => {
    expect(toHalfWidth('ＧＤＰ增长３．５％，＃统计局＃＠甘肃发布［图片］（注）～')).toBe(
      'GDP增长3.5%，#统计局#@甘肃发布[图片](注)~',
    );
  });

  it('keeps Chinese clause punctuation and turns the ideographic space into a space', () => {
    expect(toHalfWidth('真的吗？假的！是：一；二，三。「四」、五　六')).toBe(
      '真的吗？假的！是：一；二，三。「四」、五 六',
    );
    for (const ch of KEPT_FULL_WIDTH_PUNCTUATION) expect(toHalfWidth(ch)).toBe(ch);
  });
});

describe('foldCompatibility', () => {
  it.each([
    ['①②⑩', '1210'],
    ['㈠', '(一)'],
    ['⒈', '1.'],
    ['ⅡⅢ', 'IIIII'],
    ['ｆｕｌｌ１２３', 'full123'],
    ['㊣㊙🈶', '正秘有'],
    ['𝐆𝐃𝐏', 'GDP'],
    ['℃ ㎡ ™', '°C m2 TM'],
    ['ﾊﾝｶｸ', 'ハンカク'],
    ['e\u0301', 'é'],
  ])('folds compatibility forms: %s', (input, expected) => {
    expect(foldCompatibility(input)).toBe(expected);
  });

  it('folds Kangxi radicals, CJK compatibility ideographs and radicals that equal a character', () => {
    expect(foldCompatibility('⼀⼈')).toBe('一人');
    expect(foldCompatibility('\uF979\u{2F825}')).toBe('凉勇');
    expect(foldCompatibility('⻓⻔⺠⻢⻩⻰')).toBe('长门民马黄龙');
  });

  it('folds encoding variants of the dash, wave dash and middle dot', () => {
    expect(foldCompatibility('\u2015\u2015 〜 特朗普\u30FB唐纳德 艾哈迈德\u2027阿里')).toBe(
      '—— ~ 特朗普·唐纳德 艾哈迈德·阿里',
    );
  });

  it('keeps Chinese clause punctuation, the ellipsis and spacing accents', () => {
    expect(foldCompatibility('真的吗？是的！一：二；三，四……')).toBe(
      '真的吗？是的！一：二；三，四……',
    );
    expect(foldCompatibility('(˙ー˙) ￣▽￣ ﾟ∀ﾟ ¨')).toBe('(˙ー˙) ￣▽￣ ﾟ∀ﾟ ¨');
  });

  it('joins small and vertical forms of clause punctuation to the kept full-width forms', () => {
    expect(foldCompatibility('﹐﹖﹗︓︔﹑︒')).toBe('，？！：；、。');
  });

  it('leaves ordinary Chinese text alone', () => {
    const text =
      '甘肃省统计局发布2020年国民经济和社会发展统计公报：全省生产总值9016.7亿元，增长3.9%。';
    expect(foldCompatibility(text)).toBe(text);
  });
});

describe('toSimplified', () => {
  it('converts traditional characters', () => {
    expect(toSimplified('統計局 數據 造假 臺灣 裏')).toBe('统计局 数据 造假 台湾 里');
  });

  it('reads the Taiwan 著 as the particle 着 in traditional text, except in words like 著名', () => {
    expect(toSimplified('統計局數據造假？網友看著報導說著名學者早有質疑')).toBe(
      '统计局数据造假？网友看着报导说著名学者早有质疑',
    );
    expect(toSimplified('這位著作等身的學者，顯著地改變著統計方法')).toBe(
      '这位著作等身的学者，显著地改变着统计方法',
    );
  });

  it('converts Hong Kong variant forms', () => {
    expect(toSimplified('衞生 説明 綫上 温度 脱貧 户口')).toBe('卫生 说明 线上 温度 脱贫 户口');
  });

  it('does not change simplified text', () => {
    const text = '怎么回事？土著居民著称于世，著名的统计局干部在这里看着数据';
    expect(toSimplified(text)).toBe(text);
  });

  it('keeps 著 in a simplified post that quotes a traditional word', () => {
    expect(toSimplified('转发微博 轉發 这部著作著称于世')).toBe('转发微博 转发 这部著作著称于世');
  });

  it('leaves text without Han characters alone', () => {
    expect(toSimplified('GDP +3.9% ok')).toBe('GDP +3.9% ok');
  });
});

describe('analysisText', () => {
  it('composes every step', () => {
    expect(
      analysisText({
        text: '<p>甘肅省統計局\u200B：ＧＤＰ增長①成？</p><p>&quot;數據&quot;　造假</p>',
        isHtml: true,
      }),
    ).toBe('甘肃省统计局：GDP增长1成？\n"数据" 造假');
  });

  it('strips text that looks like HTML without the flag, and decodes entities in plain text', () => {
    expect(analysisText({ text: '<p>统计</p><p>公报</p>' })).toBe('统计\n公报');
    expect(analysisText({ text: '村支书&quot;无人机+ 隔空喊话&quot;火了 Steph&amp;Jo' })).toBe(
      '村支书"无人机+ 隔空喊话"火了 Steph&Jo',
    );
  });

  it('strips HTML that a feed escaped once more', () => {
    expect(analysisText({ text: '&lt;p&gt;统计公报&lt;/p&gt;&lt;p&gt;发布&lt;/p&gt;' })).toBe(
      '统计公报\n发布',
    );
  });

  it('puts the title first unless the text already starts with it', () => {
    expect(analysisText({ title: '統計公報', text: '全省生产总值增长' })).toBe(
      '统计公报\n全省生产总值增长',
    );
    expect(analysisText({ title: '统计公报', text: '統計公報：全省生产总值增长' })).toBe(
      '统计公报：全省生产总值增长',
    );
    expect(analysisText({ title: '统计公报', text: '' })).toBe('统计公报');
    expect(analysisText({ title: '  ', text: '正文' })).toBe('正文');
  });

  it('is idempotent on awkward input', () => {
    const inputs = [
      '<p>&amp;lt;b&amp;gt;粗&amp;lt;/b&amp;gt;</p>',
      '＜ｐ＞不是标签＜／ｐ＞ ＜ｂｒ＞',
      '\uFEFF\r\n\r\n  看著  \u3000 ㈠①  ',
      '﹏﹏ ˙ ¨ … ﾟ ﹐',
      '這位著作等身的學者看著數據',
      'AT&T &copy2020 &unknown; &#0; &#x200B;',
    ];
    for (const text of inputs) {
      const once = analysisText({ text });
      expect(analysisText({ text: once })).toBe(once);
    }
  });
});

describe('contentHash', () => {
  it('ignores whitespace, punctuation and Latin case', () => {
    const a = contentHash(analysisText({ text: 'GDP 增长，3.9%！统计局' }));
    const b = contentHash(analysisText({ text: 'ｇｄｐ增长3.9统计局。' }));
    const c = contentHash(analysisText({ text: '<p>GDP增長</p> 3.9 統計局' }));
    expect(a).toMatch(/^[0-9a-f]{64}$/u);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(contentHash('GDP增长3.8统计局')).not.toBe(a);
  });

  it('keeps posts made only of punctuation apart', () => {
    expect(contentKey('？？？')).toBe('s:？？？');
    expect(contentHash('？？？')).not.toBe(contentHash('！！！'));
    expect(contentHash('? ? ?')).toBe(contentHash('???'));
  });
});

describe('fast paths', () => {
  // The rules as plain regular expressions (what each function did before it learnt to skip
  // texts it leaves unchanged), against every BMP code unit in a few surroundings.
  const INVISIBLE =
    // eslint-disable-next-line no-control-regex, no-misleading-character-class -- they are the point
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
  const plain = {
    removeInvisibles: (t: string) =>
      t.replace(/\r\n?|[\u0085\u2028\u2029]/gu, '\n').replace(INVISIBLE, ''),
    collapseWhitespace: (t: string) =>
      t
        .replace(/[^\S\n]+/gu, ' ')
        .replace(/ ?\n[\s]*/gu, '\n')
        .trim(),
    toHalfWidth: (t: string) =>
      t.replace(/[\uFF01-\uFF5E\u3000]/gu, (ch) =>
        ch === '\u3000'
          ? ' '
          : KEPT_FULL_WIDTH_PUNCTUATION.includes(ch)
            ? ch
            : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
      ),
    lowerCase: (t: string) => t.toLowerCase(),
  };
  const fast = { removeInvisibles, collapseWhitespace, toHalfWidth, lowerCase };
  const surroundings = (ch: string) => [ch, `统计${ch}`, `a${ch}b`, ` ${ch}\n`, `${ch}${ch} 数据`];
  const isSurrogateCode = (code: number) => code >= 0xd800 && code < 0xe000;

  it('give what the plain rules give, for every code unit', () => {
    for (const name of Object.keys(plain) as (keyof typeof plain)[]) {
      const wrong: string[] = [];
      for (let code = 0; code < 0x10000; code++) {
        for (const text of surroundings(String.fromCharCode(code))) {
          if (fast[name](text) !== plain[name](text)) wrong.push(text);
        }
      }
      expect(wrong, name).toEqual([]);
    }
  });

  it('fold compatibility forms of every code unit as the per-character rule does', () => {
    // Without the skip: every character but ASCII and the unified ideographs folded, then NFC.
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      for (const text of surroundings(ch)) {
        const expected = text
          .replace(/[\u0080-\u4DFF\uA000-\u{10FFFF}]/gu, foldChar)
          .normalize('NFC');
        if (foldCompatibility(text) !== expected) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fold what the regular expression folds, then NFC, for every decomposed character', () => {
    // foldCompatibility skips NFC for text whose code units all pass NFC's quick check: the
    // canonical decompositions (e + U+0301, 가 as jamo) are what NFC composes.
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      const ch = String.fromCharCode(code);
      const decomposed = ch.normalize('NFD');
      if (decomposed === ch) continue;
      for (const text of [decomposed, `统计${decomposed}`, `${decomposed}${decomposed}数据`]) {
        const expected = text
          .replace(/[\u0080-\u4DFF\uA000-\u{10FFFF}]/gu, foldChar)
          .normalize('NFC');
        if (foldCompatibility(text) !== expected) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('give the analysis text every step gives, for every code unit and decomposed character', () => {
    // analysisText returns most texts as they are after one scan; here every step runs.
    const plainText = (raw: string): string => {
      let text = raw;
      let html = looksLikeHtml(raw);
      for (let round = 0; round < 3; round++) {
        const next = html
          ? stripHtml(text)
          : text.includes('&')
            ? decodeHTML(text, DecodingMode.Strict)
            : text;
        if (next === text) break;
        text = next;
        html = looksLikeHtml(text);
      }
      return text;
    };
    const everyStep = (raw: string): string => {
      const plain = plainText(foldCompatibility(removeInvisibles(raw)));
      const folded = toHalfWidth(foldCompatibility(removeInvisibles(plain)));
      return collapseWhitespace(toSimplified(folded));
    };
    const wrong: string[] = [];
    const check = (text: string) => {
      if (analysisText({ text }) !== everyStep(text)) wrong.push(text);
    };
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      for (const text of surroundings(ch)) check(text);
      check(`一${ch}`);
      const decomposed = ch.normalize('NFD');
      if (decomposed !== ch && !isSurrogateCode(code)) check(`统计${decomposed}`);
    }
    for (const text of [
      '李秘书',
      '坏户',
      '体温 37 度',
      ' 两端 ',
      '行一\n 行二',
      '＜p＞x',
      '&amp;lt;',
      'ａ\u200b',
    ]) {
      check(text);
    }
    expect(wrong).toEqual([]);
  });

  it('convert every dictionary phrase the converter changes, as written or with variants', () => {
    // Each phrase as written, and with every character a Hong Kong variant entry produces put
    // back (李祕 also as 李秘: hk2s makes 祕 of 秘 there, as the variant entry does).
    const hk2s = Converter({ from: 'hk', to: 'cn' });
    const config = (Locale as unknown as { configs: Record<string, { conversionChain: unknown }> })
      .configs.hk2s!;
    const groups = config.conversionChain as (string | string[][])[][];
    const entriesOf = (group: (string | string[][])[]) =>
      group.flatMap((dict) =>
        typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict,
      );
    const variantOf = new Map<string, string>();
    for (const [from, to] of entriesOf(groups[0]!)) {
      if (from !== undefined && to !== undefined && [...from].length === 1) variantOf.set(to, from);
    }
    const phrases = new Set<string>();
    for (const group of groups) {
      for (const [from] of entriesOf(group)) {
        if (from === undefined || [...from].length < 2) continue;
        phrases.add(from);
        phrases.add([...from].map((ch) => variantOf.get(ch) ?? ch).join(''));
      }
    }
    expect(phrases.size).toBeGreaterThan(500);
    const wrong: string[] = [];
    for (const phrase of phrases) {
      if (hk2s(phrase) !== phrase && toSimplified(phrase) === phrase) wrong.push(phrase);
    }
    expect(wrong).toEqual([]);
  });

  it('convert every text of dictionary characters the converter changes', () => {
    // Random texts made of the characters of the converter's own entries (both sides), where
    // phrases, round trips (吃 → 喫 → 吃) and their neighbours meet.
    const hk2s = Converter({ from: 'hk', to: 'cn' });
    const config = (Locale as unknown as { configs: Record<string, { conversionChain: unknown }> })
      .configs.hk2s!;
    const pool: string[] = [];
    for (const group of config.conversionChain as (string | string[][])[][]) {
      for (const dict of group) {
        const entries = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
        for (const entry of entries.slice(0, 400)) pool.push(...entry.flatMap((w) => [...w]));
      }
    }
    pool.push(...'吃台户卧税温的是了一口个😀'.split(''));
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
        return pool[Math.floor(random() * pool.length)]!;
      }).join('');
      if (hk2s(text) !== text && toSimplified(text) === text) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('convert every text where a round trip meets a phrase of the second group', () => {
    // 温 → 溫 → 温 and 户 → 戶 → 户 are skipped, but the second group has phrases with 溫, 戶,
    // 祕 (溫昇豪, 坏戶 → 坯户, 李祕 → 李祕): texts made of those phrases' characters, with the
    // Hong Kong variants put back, and of everyday characters around them.
    const hk2s = Converter({ from: 'hk', to: 'cn' });
    const config = (Locale as unknown as { configs: Record<string, { conversionChain: unknown }> })
      .configs.hk2s!;
    const [first, second] = config.conversionChain as (string | string[][])[][];
    const entriesOf = (group: (string | string[][])[]) =>
      group.flatMap((dict) =>
        typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict,
      );
    const variantOf = new Map<string, string>();
    for (const [from, to] of entriesOf(first!)) {
      if (from !== undefined && to !== undefined && [...from].length === 1) variantOf.set(to, from);
    }
    const pool = [...'温户脱秘吃台的是了一口个书坏'];
    const phrases: string[] = [];
    for (const [from] of entriesOf(second!)) {
      if (from === undefined || [...from].length < 2) continue;
      if (![...from].some((ch) => variantOf.has(ch))) continue;
      const undone = [...from].map((ch) => variantOf.get(ch) ?? ch).join('');
      phrases.push(undone);
      pool.push(...undone);
    }
    expect(phrases).toContain('李秘');
    expect(phrases).toContain('坏户');
    expect(toSimplified('李秘书')).toBe(hk2s('李秘书'));
    expect(toSimplified('体温正常')).toBe('体温正常');
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        random() < 0.3 ? pick(phrases) : pick(pool),
      );
      const text = parts.join('');
      // Skipped by the fast path (returned as it is) only when the converter leaves it as it is.
      if (hk2s(text) !== text && toSimplified(text) === text) wrong.push(text);
    }
    for (const phrase of phrases) {
      if (hk2s(phrase) !== phrase && toSimplified(phrase) === phrase) wrong.push(phrase);
    }
    expect(wrong).toEqual([]);
  });

  it('convert every code unit the converter changes, and leave the others', () => {
    const hk2s = Converter({ from: 'hk', to: 'cn' });
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const text = `中${String.fromCharCode(code)}文`;
      if ((toSimplified(text) === text) !== (hk2s(text) === text)) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Real data

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const streamDir = path.join(dataDir, 'stream/covid19_weibo_daily');
const threadsFile = path.join(dataDir, 'events/rumdect_threads.jsonl');
const hasData = existsSync(streamDir) && existsSync(threadsFile);
if (!hasData) {
  console.warn(
    `normalise.test.ts: ${dataDir} is missing; the tests on real Weibo posts are skipped`,
  );
}

/** Records of a CSV file (RFC 4180 quoting: "" inside quotes, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The first 2,000 posts of the daily stream (the first day files, in date order). */
function streamPosts(limit: number): string[] {
  const posts: string[] = [];
  for (const file of readdirSync(streamDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const [header, ...rows] = parseCsv(readFileSync(path.join(streamDir, file), 'utf8'));
    const textColumn = header?.indexOf('text') ?? -1;
    for (const row of rows) {
      const text = row[textColumn];
      if (text !== undefined) posts.push(text);
      if (posts.length === limit) return posts;
    }
  }
  return posts;
}

function threadPosts(limit: number): string[] {
  const lines = readFileSync(threadsFile, 'utf8').split('\n', limit);
  return lines.filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
}

/** Zero-width, bidi, controls other than \n and \t, the ideographic space, full-width ASCII. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u3000\uFF01-\uFF5E]/u;

function forbiddenChar(text: string): string | undefined {
  for (const ch of text) {
    if (FORBIDDEN.test(ch) && !KEPT_FULL_WIDTH_PUNCTUATION.includes(ch)) return ch;
  }
  return undefined;
}

/** How much longer NFKC makes a text (℃ → °C, ⑩ → 10), which the length bound allows for. */
function compatibilityGrowth(text: string): number {
  let growth = 0;
  for (const ch of text) growth += Math.max(0, foldCompatibility(ch).length - ch.length);
  return growth;
}

const HAN_UNIFIED = /[\u3400-\u4DBF\u4E00-\u9FFF\u{20000}-\u{2EBEF}\u{30000}-\u{3134F}]/u;
/** Radicals, compatibility ideographs and enclosed ideographs: what folding turns into Han. */
const HAN_LOOKALIKE =
  /[\u2E80-\u2FDF\u3200-\u33FF\uF900-\uFAFF\u{1F200}-\u{1F2FF}\u{2F800}-\u{2FA1F}]/u;

const hanOf = (text: string) => [...text].filter((ch) => HAN_UNIFIED.test(ch)).join('');

describe.skipIf(!hasData)('on real Weibo posts', () => {
  const corpora = hasData
    ? [
        { name: 'covid19_weibo_daily', posts: streamPosts(2000) },
        { name: 'rumdect_threads', posts: threadPosts(2000) },
      ]
    : [];

  it('reads 2,000 posts from each corpus', () => {
    for (const { posts } of corpora) expect(posts).toHaveLength(2000);
  });

  it('leaves no invisible, control or folded full-width character', () => {
    for (const { posts } of corpora) {
      for (const text of posts) {
        const out = analysisText({ text });
        expect(forbiddenChar(out), out).toBeUndefined();
      }
    }
  });

  it('never grows a post beyond what compatibility folding adds', () => {
    for (const { name, posts } of corpora) {
      let grew = 0;
      for (const text of posts) {
        const plain = looksLikeHtml(text) ? stripHtml(text) : text;
        const out = analysisText({ text });
        expect(out.length, text).toBeLessThanOrEqual(plain.length + compatibilityGrowth(plain));
        if (out.length > plain.length) grew++;
      }
      console.log(`${name}: ${grew} of ${posts.length} posts longer after NFKC (℃→°C, Ⅱ→II, ⑩→10)`);
    }
  });

  it('changes no unified Han character in compatibility folding', () => {
    for (const { posts } of corpora) {
      for (const text of posts) {
        if (HAN_LOOKALIKE.test(text)) continue;
        expect(hanOf(foldCompatibility(text))).toBe(hanOf(text));
      }
    }
  });

  it('is idempotent', () => {
    for (const { posts } of corpora) {
      for (const text of posts) {
        const once = analysisText({ text });
        expect(analysisText({ text: once }), text).toBe(once);
      }
    }
  });

  it('brings traditional versions of a post back to the same simplified text in ≥ 99%', () => {
    const toTraditional = {
      t: Converter({ from: 'cn', to: 't' }),
      tw: Converter({ from: 'cn', to: 'tw' }),
      hk: Converter({ from: 'cn', to: 'hk' }),
    };
    for (const { name, posts } of corpora) {
      for (const [variant, convert] of Object.entries(toTraditional)) {
        let same = 0;
        for (const text of posts) {
          if (analysisText({ text: convert(text) }) === analysisText({ text })) same++;
        }
        const share = same / posts.length;
        console.log(
          `${name}: s2${variant} round trip ${same}/${posts.length} = ${(share * 100).toFixed(2)}%`,
        );
        expect(share).toBeGreaterThanOrEqual(0.99);
      }
    }
  });
});
