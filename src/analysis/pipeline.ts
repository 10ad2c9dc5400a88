// The per-post pipeline: every stage in order over one post, the way ingest, re-analysis,
// `yuqing analyze` and the benchmark all run it. Pure apart from the near-duplicate index it
// owns (memory only): the caller decides what is stored.
import { analysisText, lowerCase } from './normalise.ts';
import { DuplicateIndex, duplicateKeys } from './near-duplicates.ts';
import { compileRegions, type RegionHit } from './regions.ts';
import {
  compileRisk,
  DEFAULT_RISK_LEXICON,
  type RiskLexicon,
  type RiskResult,
} from './risk-terms.ts';
import {
  compileSchemes,
  foldForMatch,
  type CompiledSchemes,
  type PreparedDoc,
} from './scheme-matcher.ts';
import { createSegmenter, type Segmenter } from './segment.ts';
import { sentiment, type Sentiment } from './sentiment.ts';
import { STOPWORDS } from './stopwords.ts';

/**
 * Names the models and rules that produced a stored analysis. Bump it when a stage changes
 * its output, so `yuqing reanalyze --stale` finds the rows made by the older one.
 */
export const PIPELINE_VERSION = 'p1';

export interface PipelinePost {
  id: string;
  title?: string | null | undefined;
  text: string;
  /** The text is HTML (feeds, pages); text that looks like HTML is treated as HTML anyway. */
  isHtml?: boolean | undefined;
  author?: string | null | undefined;
  /** The source's name or key, for `source:` scopes. */
  source?: string | null | undefined;
  /** The region as published with the post (a profile location), for `region:` scopes. */
  region?: string | null | undefined;
}

export interface RegionView {
  adcode: string;
  name: string;
  level: RegionHit['level'];
  path: string[];
}

export interface PostAnalysis {
  /** The analysis text (title and body, normalised). */
  analysis: string;
  sentiment: Sentiment;
  regions: RegionView[];
  risk: RiskResult;
  /** Ids of the schemes the post matches, in the order the schemes were given. */
  schemes: string[];
  keywords: string[];
  fingerprint: string;
  contentHash: string;
  dup: { kind: 'exact' | 'near' | null; dupOf: string | null; groupId: string };
}

/** {@link AnalysisPipeline.prepare}'s result: every stage but the near-duplicate index. */
export interface PreparedAnalysis {
  result: PostAnalysis;
  /** The near-duplicate signature the fingerprint encodes (null: too short to have one). */
  signature: Uint16Array | null;
}

export interface PipelineConfig {
  schemes: readonly { id: string; query: string }[];
  risk?: RiskLexicon | undefined;
  /** Words the segmenter keeps whole, on top of the built-in domain dictionary. */
  userWords?: readonly string[] | undefined;
  /** Bound of the near-duplicate index (oldest forgotten first). */
  maxDuplicateEntries?: number | undefined;
}

/** A token with at least one letter (not only digits, punctuation or spaces). */
const HAS_LETTER = /\p{L}/u;

/** Whether a token has a letter; a token that starts with a common Han character has. */
function hasLetter(token: string): boolean {
  const c = token.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || HAS_LETTER.test(token);
}

/** How many content words a post keeps as its keywords. */
const KEYWORDS = 8;

/**
 * Repeated posts. A post that repeats an earlier one word for word (texts and fields: a mass
 * repost, a copied notice) gets a copy of that post's analysis instead of every stage again:
 * every stage but the near-duplicate index is a function of the texts, the fields and the
 * settings, so the copy is what the stages would give. 11 % of the COVID-19 stream's ordinary
 * posts repeat one of the thousand before them, over a third of the rumour threads' reposts.
 *
 * Remembering every post would cost more than the repeats save (a copy kept per post), so a post
 * is remembered when it comes the second time: REPEAT_HINTS hashes of recent posts tell a
 * second coming, and the last REPEATS such posts are kept.
 */
const REPEATS = 1024;
const REPEAT_HINTS = 8192;

const regions = compileRegions();

export class AnalysisPipeline {
  private schemes: CompiledSchemes;
  private risk: ReturnType<typeof compileRisk>;
  private segmenter: Segmenter;
  readonly duplicates: DuplicateIndex;
  /** Remembered posts' analyses by {@link repeatKey}, and their keys oldest first (REPEATS). */
  private readonly repeats = new Map<string, Computed>();
  private readonly repeatOrder: (string | undefined)[] = new Array<undefined>(REPEATS);
  private repeatCount = 0;
  /** Per slot, the {@link repeatHash} of the last post whose hash fell there (0: none). */
  private readonly repeatHints = new Int32Array(REPEAT_HINTS);

  constructor(config: PipelineConfig) {
    this.schemes = compileSchemes(config.schemes);
    this.risk = compileRisk(config.risk ?? DEFAULT_RISK_LEXICON);
    this.segmenter = createSegmenter({ userWords: config.userWords ?? [] });
    this.duplicates = new DuplicateIndex(
      config.maxDuplicateEntries === undefined ? {} : { maxEntries: config.maxDuplicateEntries },
    );
  }

  /** Scheme ids with the reason each failed to compile (they match nothing meanwhile). */
  get schemeErrors(): Map<string, string> {
    return new Map(
      [...this.schemes.errors].map(([id, errs]) => [
        id,
        errs.map((e) => `${e.message} (at ${e.start})`).join('; '),
      ]),
    );
  }

  setSchemes(schemes: readonly { id: string; query: string }[]): void {
    this.schemes = compileSchemes(schemes);
    this.forgetRepeats();
  }

  setRisk(lexicon: RiskLexicon): void {
    this.risk = compileRisk(lexicon);
    this.forgetRepeats();
  }

  setUserWords(words: readonly string[]): void {
    this.segmenter = createSegmenter({ userWords: words });
    this.forgetRepeats();
  }

  /** Every stage over one post; the post joins the near-duplicate index. */
  analyse(post: PipelinePost): PostAnalysis {
    return this.analysePrepared(post, this.run(post));
  }

  /**
   * Every stage but the near-duplicate index, with a signature of the post's own (a copy): the
   * part of {@link analyse} that reads no state, for doing ahead of time or in another thread.
   * The result's `dup` is a placeholder until {@link analysePrepared}.
   */
  prepare(post: PipelinePost): PreparedAnalysis {
    const { result, signature } = this.run(post);
    return { result, signature: signature && signature.slice() };
  }

  /**
   * {@link analyse} from what {@link prepare} gave for the same post under the same settings
   * (here or in another thread): the post joins the near-duplicate index. Takes over `prepared`.
   */
  analysePrepared(post: Pick<PipelinePost, 'id'>, prepared: PreparedAnalysis): PostAnalysis {
    const { result, signature } = prepared;
    const dup = this.duplicates.addSigned(post.id, result.analysis, signature, result.contentHash);
    result.dup = { kind: dup.kind, dupOf: dup.dupOf, groupId: dup.groupId };
    return result;
  }

  /** The post's texts, each normalised once: title, body and the two joined as analysisText does. */
  private texts(post: PipelinePost): { title: string; body: string; analysis: string } {
    const title = post.title ? analysisText({ text: post.title }) : '';
    const body = analysisText({ text: post.text, isHtml: post.isHtml });
    // The same joining rule as analysisText({title, text}), without normalising twice.
    const analysis =
      title === '' || body.startsWith(title) ? body : body === '' ? title : `${title}\n${body}`;
    return { title, body, analysis };
  }

  /**
   * The matcher's view of the post. Title and body are analysis texts already (simplified,
   * half-width), which the matcher's folding leaves unchanged but for case, so only the case is
   * folded here; the other fields are folded in full.
   */
  private matchDoc(
    post: PipelinePost,
    texts: { title: string; body: string; analysis: string },
    found: readonly RegionHit[],
    lowerAnalysis?: string,
  ): PreparedDoc {
    const title = lowerCase(texts.title);
    const text =
      lowerAnalysis !== undefined && texts.body === texts.analysis
        ? lowerAnalysis
        : lowerCase(texts.body);
    return {
      title,
      text,
      all: `${title}\n${text}`,
      author: post.author ? foldForMatch(post.author) : '',
      source: post.source ? foldForMatch(post.source) : '',
      region: foldForMatch([post.region ?? '', ...found.map((h) => h.name)].join(' ')),
    };
  }

  /** Only the scheme stage (and the regions it may scope to): which schemes a post matches. */
  matchSchemes(post: PipelinePost): string[] {
    const texts = this.texts(post);
    return this.schemes.match(this.matchDoc(post, texts, regions.detect(texts.analysis)));
  }

  /** Every stage but the near-duplicate index, which is left untouched (its own group). */
  analyseAlone(post: PipelinePost): PostAnalysis {
    return this.run(post).result;
  }

  /**
   * Every stage but the near-duplicate index, and the signature the fingerprint encodes (valid
   * until the next post: see duplicateKeys).
   */
  private run(post: PipelinePost): Computed {
    const texts = this.texts(post);
    // A post whose hash came lately may be a repeat: remembered already, or to remember now.
    let key: string | null = null;
    const hash = repeatHash(post, texts);
    const hint = hash & (REPEAT_HINTS - 1);
    if (this.repeatHints[hint] === hash) {
      key = repeatKey(post, texts);
      const known = key === null ? undefined : this.repeats.get(key);
      if (known !== undefined) {
        return { result: copyAnalysis(known.result, post.id), signature: known.signature };
      }
    } else this.repeatHints[hint] = hash;
    const { analysis } = texts;
    // Lower-cased once for the stages that compare without case.
    const lower = lowerCase(analysis);
    const found = regions.detect(analysis);
    const keys = duplicateKeys(analysis, lower);
    const result: PostAnalysis = {
      analysis,
      sentiment: sentiment(analysis),
      regions: found.map((h) => ({ adcode: h.adcode, name: h.name, level: h.level, path: h.path })),
      risk: this.risk.assess(analysis, lower),
      schemes: this.schemes.match(this.matchDoc(post, texts, found, lower)),
      keywords: keywordsOf(this.segmenter.cut(analysis)),
      fingerprint: keys.fingerprint,
      contentHash: keys.contentHash,
      dup: { kind: null, dupOf: null, groupId: post.id },
    };
    if (key !== null) this.remember(key, result, keys.signature);
    return { result, signature: keys.signature };
  }

  private remember(key: string, result: PostAnalysis, signature: Uint16Array | null): void {
    const at = this.repeatCount++ % REPEATS;
    const oldest = this.repeatOrder[at];
    if (oldest !== undefined) this.repeats.delete(oldest);
    this.repeatOrder[at] = key;
    // Copies: the caller owns what it is given. The signature is never written to.
    this.repeats.set(key, {
      result: copyAnalysis(result, result.dup.groupId),
      signature: signature && signature.slice(),
    });
  }

  private forgetRepeats(): void {
    this.repeats.clear();
    this.repeatOrder.fill(undefined);
  }
}

/** A post's analysis and the near-duplicate signature its fingerprint encodes. */
interface Computed {
  result: PostAnalysis;
  signature: Uint16Array | null;
}

/** A 32-bit hash, never 0, of what {@link repeatKey} holds (FNV-1a over the code units). */
function repeatHash(post: PipelinePost, texts: { title: string; body: string }): number {
  let h = hashInto(0x811c9dc5, texts.title);
  h = hashInto(h, texts.body);
  h = hashInto(h, post.author ?? '');
  h = hashInto(h, post.source ?? '');
  return hashInto(h, post.region ?? '') | 1;
}

function hashInto(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xffff, 0x01000193);
}

/**
 * What every stage but the near-duplicate index reads of a post: its normalised title and body
 * and the fields the schemes may scope to. Null (not remembered) for a field with a NUL, the
 * separator here (the normalised texts have none).
 */
function repeatKey(post: PipelinePost, texts: { title: string; body: string }): string | null {
  const author = post.author ?? '';
  const source = post.source ?? '';
  const region = post.region ?? '';
  if (author.includes('\0') || source.includes('\0') || region.includes('\0')) return null;
  return `${texts.title}\0${texts.body}\0${author}\0${source}\0${region}`;
}

/** A copy of an analysis that shares no object with it (strings are immutable), for post `id`. */
function copyAnalysis(r: PostAnalysis, id: string): PostAnalysis {
  const p = r.sentiment.probabilities;
  return {
    analysis: r.analysis,
    sentiment: {
      label: r.sentiment.label,
      score: r.sentiment.score,
      probabilities: { negative: p.negative, neutral: p.neutral, positive: p.positive },
    },
    regions: r.regions.map((x) => ({
      adcode: x.adcode,
      name: x.name,
      level: x.level,
      path: [...x.path],
    })),
    risk: {
      score: r.risk.score,
      categories: r.risk.categories.map((c) => ({
        id: c.id,
        weight: c.weight,
        terms: [...c.terms],
      })),
    },
    schemes: [...r.schemes],
    keywords: [...r.keywords],
    fingerprint: r.fingerprint,
    contentHash: r.contentHash,
    dup: { kind: null, dupOf: null, groupId: id },
  };
}

/** The most frequent content words (two characters or more, not stopwords), first-seen on ties. */
export function keywordsOf(tokens: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const raw of tokens) {
    if (raw.length < 2) continue;
    const t = lowerCase(raw);
    if (STOPWORDS.has(t) || !hasLetter(t)) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  // The first KEYWORDS by count, the first seen first among equal counts: each word goes in
  // after the kept words it does not outnumber (they were seen before it).
  const words: string[] = [];
  const ns: number[] = [];
  for (const [word, n] of counts) {
    if (words.length === KEYWORDS && n <= ns[KEYWORDS - 1]!) continue;
    let at = words.length;
    while (at > 0 && ns[at - 1]! < n) at--;
    words.splice(at, 0, word);
    ns.splice(at, 0, n);
    if (words.length > KEYWORDS) {
      words.pop();
      ns.pop();
    }
  }
  return words;
}
