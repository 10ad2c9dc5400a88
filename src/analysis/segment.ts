// Word segmentation: jieba (precise mode, HMM for words outside the dictionary) with the domain
// dictionary (dict/domain-words.ts) on top, so 数据打架, 规模以上工业增加值 and 张家川回族自治县 come
// out as one token each.
//
// Loading jieba's default dictionary (349k entries) costs about 150-300 ms and some 50 MB, so
// build one segmenter and keep it: defaultSegmenter() does that.
//
// How a word is added: a word jieba already cuts as one token (兰州, 统计局, 增加值) keeps jieba's
// frequency, so adding it changes nothing; any other word is added with USER_WORD_FREQ, a
// frequency of an everyday word (打架 has 579, 数据 5232 in jieba's dictionary), which makes a
// multi-character term beat the pieces it would otherwise be cut into without making it swallow
// the characters around it.

import { Jieba } from '@node-rs/jieba';
// With the extension: the package has no exports map, and NodeNext (like Node's ESM loader)
// resolves a subpath only as written.
import { dict } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS } from './dict/domain-words.ts';

/** Frequency given to added words that jieba would otherwise cut into pieces. */
export const USER_WORD_FREQ = 1000;

export interface Segmenter {
  /** Words of the text in order (jieba precise mode, HMM on); spaces and punctuation included. */
  cut(text: string): string[];
  /** Adds words at run time; each is a token from then on. Words must not contain whitespace. */
  addWords(words: readonly string[]): void;
}

export interface SegmenterOptions {
  /** Words added after the domain dictionary. */
  userWords?: readonly string[];
}

/** The spellings of a word a post may use: Latin letters also in lower and upper case (GDP, gdp). */
function spellings(word: string): string[] {
  if (!/[A-Za-z]/u.test(word)) return [word];
  return [...new Set([word, word.toLowerCase(), word.toUpperCase()])];
}

class JiebaSegmenter implements Segmenter {
  private readonly jieba: Jieba;

  constructor(words: readonly string[]) {
    this.jieba = Jieba.withDict(dict);
    this.addWords(words);
  }

  cut(text: string): string[] {
    return this.jieba.cut(text, true);
  }

  addWords(words: readonly string[]): void {
    const lines: string[] = [];
    for (const raw of words) {
      const word = raw.trim();
      if (word === '') continue;
      if (/\s/u.test(word)) throw new TypeError(`a dictionary word has no whitespace: "${raw}"`);
      for (const spelling of spellings(word)) {
        // Already one token: jieba knows it, and its own frequency is the better one.
        if (this.jieba.cut(spelling, false).length > 1) lines.push(`${spelling} ${USER_WORD_FREQ}`);
      }
    }
    if (lines.length > 0) this.jieba.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
  }
}

/** A new segmenter: jieba's dictionary, the domain dictionary, then `userWords`. */
export function createSegmenter(options: SegmenterOptions = {}): Segmenter {
  return new JiebaSegmenter([...DOMAIN_WORDS, ...(options.userWords ?? [])]);
}

let shared: Segmenter | undefined;

/**
 * The process-wide segmenter with the domain dictionary, built on first use. Words added to it
 * with addWords are seen by every caller.
 */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter();
  return shared;
}
