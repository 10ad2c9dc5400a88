// Online event clustering: turns a stream of posts into events (stories) in one pass. Structure
// decides first (parent post, near-duplicate group, repost chain, URL, single hashtag); otherwise
// the post's terms (jieba words and character bigrams of its own words) are scored against the
// open events that share one of them (an inverted index) with an MStream-style Dirichlet
// multinomial mixture whose terms may also come from the recent stream's background, and the
// post joins the likeliest event or opens a new one. `model: 'tfidf'` keeps a cosine-to-centroid
// alternative. Events close when idle for longer than the time window. See docs/EVENTS.md for
// the method and its measured quality.

import { postStructure, textKey, wordsText, type PostStructure } from './event-structure.ts';
import { defaultSegmenter, type Segmenter } from './segment.ts';
import { STOPWORDS } from './stopwords.ts';

export interface ClusterPost {
  id: string;
  /** Analysis text (already normalised: simplified Chinese, folded widths). */
  text: string;
  /** Milliseconds since the epoch; absent: "now" in stream order (the latest time seen). */
  time?: number | undefined;
  title?: string | null | undefined;
  /** Id of the post this one reposts or replies to. */
  parentId?: string | null | undefined;
  /** Similar-article group id from near-duplicate detection: same group, same event. */
  dupGroup?: string | null | undefined;
  /** Jieba words of the text if the caller already has them; otherwise the clusterer segments. */
  tokens?: readonly string[] | undefined;
  /**
   * The post's terms from {@link prepareClusterPost} (e.g. computed in a worker thread), with
   * the clusterer's segmenter, over this text and title; the clusterer then skips that work.
   */
  prepared?: ClusterPrepared | undefined;
}

/** What a post brings to clustering before any event state is read: its structure and terms. */
export interface ClusterPrepared {
  /** The text clustered: the title before the text unless the text starts with it. */
  text: string;
  structure: PostStructure;
  /** Content words of its own words (or of what a bare repost reposts), then `#hashtags`. */
  words: string[];
  /** Character bigrams of the same words' Han text (marked apart from words). */
  bigrams: string[];
}

export interface ClusterOptions {
  /** An event whose newest post is older than this closes and takes no more posts. */
  windowMs: number;
  /**
   * How a post's terms are compared with an event's:
   * - 'dmm' (default): the Dirichlet multinomial mixture of MStream (Yin et al., KDD 2018) on
   *   term counts; the post joins the event of highest posterior unless a new event is likelier.
   * - 'tfidf': TF-IDF vectors; score dot(post, sum of the event's post vectors) / n^sizeExponent
   *   for an event of n posts (sizeExponent -1: cosine with the centroid); the best event joins
   *   when its score reaches the threshold.
   */
  model: 'dmm' | 'tfidf';
  /** dmm: the log-odds margin over a new event that joining needs; tfidf: the lowest score. */
  threshold: number;
  /** dmm: weight of a new event, times the posts in the window (the DP concentration). */
  alpha: number;
  /** dmm: pseudo-count of every term in every event. */
  beta: number;
  /** dmm: rounds of re-deciding a batch's text-decided posts (addBatch; 0: none). */
  iterations: number;
  /** dmm: exponent of an event's post count in its prior (MStream: 1). */
  sizePower: number;
  /**
   * dmm: share of a post's terms drawn from the background (the recent stream's term
   * frequencies) rather than from its event; 0: none (MStream). Common words are then explained
   * by the background for every event alike, and the event's own words decide.
   */
  background: number;
  /**
   * dmm: alpha is multiplied by (the post's term count / 50)^alphaLength: a long post that no
   * event explains is more likely a story of its own than a short reply is.
   */
  alphaLength: number;
  /** tfidf: see model. */
  sizeExponent: number;
  /** Weight (tfidf) or use (dmm, when > 0) of jieba words of the post's own text. */
  wordWeight: number;
  /** Weight (tfidf) or use (dmm, when > 0) of character bigrams of its Han text. */
  bigramWeight: number;
  /** Terms kept in an event's term table (the heaviest), bounding memory. */
  centroidTerms: number;
  /** Fewest letters and digits a reposted text needs to link posts by the repost chain. */
  minKeyChars: number;
  /** Open events kept at most; beyond it the least recently joined one closes. */
  maxOpenEvents: number;
  /**
   * Posts after which document frequencies are halved (IDF and the vocabulary size follow the
   * recent stream, and the term table stays bounded).
   */
  dfHalfLife: number;
  /** Event ids; default `e1`, `e2`, ... (skipping ids in use). */
  newId?: () => string;
  /** Word segmenter; default the shared jieba segmenter with the domain dictionary. */
  segmenter?: Segmenter;
}

export const DEFAULT_CLUSTER_OPTIONS: Readonly<Omit<ClusterOptions, 'newId' | 'segmenter'>> = {
  windowMs: 7 * 24 * 3600 * 1000,
  model: 'dmm',
  threshold: 0,
  alpha: 0.003,
  beta: 0.5,
  iterations: 1,
  sizePower: 0.4,
  background: 0.9,
  alphaLength: 1,
  wordWeight: 1,
  bigramWeight: 1,
  sizeExponent: -1,
  centroidTerms: 2000,
  minKeyChars: 10,
  maxOpenEvents: 100_000,
  dfHalfLife: 200_000,
};

/**
 * A post's terms (ids, see EventClusterer.intern) with their counts (dmm) or normalised TF-IDF
 * weights (tfidf).
 */
interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

interface PostState {
  event: EventState;
  vector: Vector;
  /** Repost-chain keys this post registered. */
  keys: string[];
}

type LinkKind = 'keys' | 'tags' | 'urls' | 'groups';
const LINK_KINDS: readonly LinkKind[] = ['keys', 'tags', 'urls', 'groups'];

interface EventState {
  id: string;
  /** Term id -> weight (insertion order: the order terms first came). */
  centroid: Map<number, number>;
  /** Sum of the centroid's weights (the event's word count, for the DMM). */
  total: number;
  /** Euclidean norm of the centroid; NaN when it must be computed again. */
  norm: number;
  posts: Set<string>;
  keys: Set<string>;
  tags: Set<string>;
  urls: Set<string>;
  groups: Set<string>;
  lastTime: number;
  /** Events a person separated from this one: never joined automatically. */
  apart: Set<string>;
  /** Scratch of mixtureEvent: the pass that last scored this event, and its sum there. */
  pass: number;
  boost: number;
  /** keywords() as last computed, at this many posts. */
  keywords?: { n: number; size: number; words: string[] } | undefined;
}

/** A big event's keywords are computed again once it has this many times its posts. */
const KEYWORDS_REGROW = 1.1;

/** A post ready to attach: its structure, its term vector and the text it was keyed by. */
interface PreparedPost {
  structure: PostStructure;
  vector: Vector;
  text: string;
}

interface BatchItem {
  post: ClusterPost;
  prepared: PreparedPost;
  time: number;
  /** Decided by its text (not by structure): revised by the batch refinement. */
  byText: boolean;
}

const HAN = /\p{Script=Han}/u;
/** Marks bigram terms apart from words of the same two characters. */
const BIGRAM = '\u0001';
const BIGRAM_CODE = BIGRAM.charCodeAt(0);
const WORD = /^(?:[\p{Script=Han}]{2,}|[a-z][a-z0-9]+|[0-9]{3,}[a-z]*)$/u;

/** Words that say what a post is about: two or more characters, not a stopword. */
function contentWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (WORD.test(w) && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

function hanBigrams(text: string): string[] {
  const out: string[] = [];
  let prev = '';
  for (const ch of text) {
    if (HAN.test(ch)) {
      if (prev !== '') out.push(`${BIGRAM}${prev}${ch}`);
      prev = ch;
    } else prev = '';
  }
  return out;
}

export class EventClusterer {
  private readonly opts: Omit<ClusterOptions, 'newId' | 'segmenter'>;
  private readonly newId: () => string;
  private readonly segmenter: Segmenter;
  private counter = 0;
  private temps = 0;
  private clock = 0;

  private readonly events = new Map<string, EventState>();
  /** Closed or merged-away ids that resolve to another event (manual merges). */
  private readonly alias = new Map<string, string>();
  private readonly posts = new Map<string, PostState>();
  /**
   * Terms are numbered once (a Map lookup per term of a post) and every table below is indexed
   * by the number: document frequency, postings, how many kept post vectors hold it. An id is
   * reused once nothing holds its term (no frequency, no posting, no vector).
   */
  private readonly termIds = new Map<string, number>();
  private readonly termText: string[] = [];
  private readonly freeIds: number[] = [];
  /** Document frequency by term id (0: the term is not counted). */
  private df = new Float64Array(1024);
  /** Terms with a document frequency (the vocabulary size of the DMM). */
  private dfTerms = 0;
  /** Kept post vectors holding each term. */
  private vectorRefs = new Int32Array(1024);
  /** Term id -> the open events whose centroid has it, with its weight there. */
  private readonly postings: (Map<EventState, number> | undefined)[] = [];
  /** Scratch of vectorOf: the post that last counted a term, and where its count is. */
  private tfStamp = new Int32Array(1024);
  private tfSlot = new Int32Array(1024);
  private tfPost = 0;
  /** Structural links: repost-chain text key, hashtag, URL, near-duplicate group -> event. */
  private readonly links: Record<LinkKind, Map<string, EventState>> = {
    keys: new Map(),
    tags: new Map(),
    urls: new Map(),
    groups: new Map(),
  };

  private docs = 0;
  /** Counts mixtureEvent's passes (see EventState.pass). */
  private passes = 0;
  /** Sum of the document frequencies (the background's term count). */
  private dfTotal = 0;

  constructor(options: Partial<ClusterOptions> = {}) {
    const { newId, segmenter, ...rest } = options;
    this.opts = { ...DEFAULT_CLUSTER_OPTIONS, ...rest };
    this.newId = newId ?? (() => `e${++this.counter}`);
    this.segmenter = segmenter ?? defaultSegmenter();
  }

  get openEvents(): number {
    return this.events.size;
  }

  /** Distinct terms the clusterer holds (counted, in an open event, or in a kept post). */
  get termCount(): number {
    return this.termIds.size;
  }

  add(post: ClusterPost): { event: string; created: boolean } {
    return this.addBatch([post])[0] as { event: string; created: boolean };
  }

  /**
   * Decides a batch of posts (in stream order), as `add` would one by one, then revises the
   * text decisions of the batch: `iterations` times, each post decided by its text leaves its
   * event and is scored again against all open events (MStreamF's batch refinement), so the
   * batch's later posts can correct its earlier ones. Posts of earlier batches stay where they
   * are. Events are created (and take ids from `newId`) at the end, in order of first post;
   * `created` marks the first post of each new event.
   */
  addBatch(posts: readonly ClusterPost[]): { event: string; created: boolean }[] {
    const items: BatchItem[] = [];
    const fresh = new Set<EventState>();
    /** Events a post of this batch joined by structure: their text posts stay put. */
    const pinned = new Set<EventState>();
    for (const post of posts) {
      const time = this.tick(post.time);
      const prepared = this.prepare(post);
      let event = this.structuralMatch(post, prepared.structure, time);
      const byText = !event;
      if (event) pinned.add(event);
      else event = this.similarEvent(prepared.vector, time);
      if (!event) fresh.add((event = this.openEvent(this.tempId(), time)));
      this.attach(post, prepared, event, time);
      items.push({ post, prepared, time, byText });
    }
    const movable = items.filter((it) => it.byText);
    if (movable.length > 1 && this.opts.model === 'dmm') {
      for (let round = 0; round < this.opts.iterations; round++) {
        let moved = 0;
        for (const it of movable) {
          const state = this.posts.get(it.post.id);
          if (!state || pinned.has(state.event)) continue;
          const from = state.event;
          this.detach(it.post.id, state);
          let to = this.similarEvent(state.vector, it.time);
          if (!to) {
            to = from.posts.size === 0 ? from : this.openEvent(this.tempId(), it.time);
            fresh.add(to);
          }
          if (to !== from) moved++;
          this.reattach(it, state, to);
        }
        if (moved === 0) break;
      }
    }
    // New events get their ids in order of first post; emptied ones vanish.
    const results: { event: string; created: boolean }[] = [];
    const named = new Set<EventState>();
    for (const it of items) {
      const event = (this.posts.get(it.post.id) as PostState).event;
      let created = false;
      if (fresh.has(event) && !named.has(event)) {
        named.add(event);
        this.events.delete(event.id);
        event.id = this.freshId();
        this.events.set(event.id, event);
        created = true;
      }
      results.push({ event: event.id, created });
    }
    for (const e of fresh) if (!named.has(e) && e.posts.size === 0) this.close(e);
    return results;
  }

  seed(post: ClusterPost, event: string): void {
    const time = this.tick(post.time);
    const prepared = this.prepare(post);
    const id = this.resolve(event);
    const state = this.events.get(id) ?? this.openEvent(id, time);
    this.attach(post, prepared, state, time);
  }

  merge(into: string, from: readonly string[]): void {
    const target = this.events.get(this.resolve(into)) ?? this.openEvent(into, this.clock);
    for (const f of from) {
      const id = this.resolve(f);
      if (id === target.id) continue;
      const source = this.events.get(id);
      this.alias.set(f, target.id);
      if (id !== f) this.alias.set(id, target.id);
      if (!source) continue;
      for (const [term, w] of source.centroid) this.addWeight(target, term, w);
      for (const p of source.posts) {
        const state = this.posts.get(p);
        if (state) state.event = target;
        target.posts.add(p);
      }
      for (const kind of LINK_KINDS) {
        for (const key of source[kind]) this.link(kind, key, target);
      }
      for (const a of source.apart) target.apart.add(a);
      target.lastTime = Math.max(target.lastTime, source.lastTime);
      target.keywords = undefined;
      this.clearCentroid(source);
      this.events.delete(source.id);
      this.prune(target);
    }
  }

  split(postIds: readonly string[], to: string): void {
    const targetId = this.resolve(to);
    const target = this.events.get(targetId) ?? this.openEvent(targetId, this.clock);
    const emptied = new Set<EventState>();
    for (const p of postIds) {
      const state = this.posts.get(p);
      if (!state || state.event === target) continue;
      const source = state.event;
      source.posts.delete(p);
      const { terms, weights } = state.vector;
      for (let i = 0; i < terms.length; i++) {
        this.addWeight(source, terms[i] as number, -(weights[i] as number));
        this.addWeight(target, terms[i] as number, weights[i] as number);
      }
      state.event = target;
      target.posts.add(p);
      for (const k of state.keys) {
        this.link('keys', k, target);
      }
      source.apart.add(target.id);
      target.apart.add(source.id);
      source.keywords = undefined;
      target.keywords = undefined;
      if (source.posts.size === 0) emptied.add(source);
    }
    for (const e of emptied) this.close(e);
    this.prune(target);
  }

  expire(now: number): string[] {
    const cutoff = now - this.opts.windowMs;
    const closed: string[] = [];
    for (const e of [...this.events.values()]) {
      if (e.lastTime < cutoff) {
        this.close(e);
        closed.push(e.id);
      }
    }
    return closed;
  }

  /**
   * The event's n most telling words. Asked for every event an ingest batch touches; a big
   * event's answer is kept until it has grown by a tenth (its words barely move before that).
   */
  keywords(event: string, n = 5): string[] {
    const e = this.events.get(this.resolve(event));
    if (!e) return [];
    const size = e.posts.size;
    const kept = e.keywords;
    if (kept && kept.n === n && size >= kept.size && size < kept.size * KEYWORDS_REGROW) {
      return kept.words;
    }
    const words = this.topWords(e, n);
    e.keywords = { n, size, words };
    return words;
  }

  private topWords(e: EventState, n: number): string[] {
    // Bigrams match; words make the label. Weighted by IDF so the event's own words come first.
    // The n best in one pass (asked for every event an ingest batch touches; a big event has
    // thousands of terms): ties keep the centroid's order, as a stable sort would.
    const top: { term: string; score: number }[] = [];
    for (const [id, w] of e.centroid) {
      const term = this.termText[id] as string;
      if (term.charCodeAt(0) === BIGRAM_CODE) continue;
      const score = w * this.idf(id);
      if (top.length === n && score <= (top[n - 1] as { score: number }).score) continue;
      let at = top.length;
      while (at > 0 && (top[at - 1] as { score: number }).score < score) at--;
      top.splice(at, 0, { term, score });
      if (top.length > n) top.pop();
    }
    return top.map((t) => t.term);
  }

  // -------------------------------------------------------------------------------------------

  private tick(time: number | undefined): number {
    if (time !== undefined && Number.isFinite(time)) {
      if (time > this.clock) this.clock = time;
      return time;
    }
    return this.clock;
  }

  private resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.alias.get(current);
      if (next === undefined || next === current) return current;
      current = next;
    }
    return current;
  }

  private freshId(): string {
    for (;;) {
      const id = this.newId();
      if (!this.events.has(id) && !this.alias.has(id)) return id;
    }
  }

  /** A placeholder id for an event opened inside a batch (never one a caller uses). */
  private tempId(): string {
    return `\u0000${++this.temps}`;
  }

  /** Takes a post's terms out of its event (the post stays known). */
  private detach(id: string, state: PostState): void {
    const { terms, weights } = state.vector;
    for (let i = 0; i < terms.length; i++) {
      this.addWeight(state.event, terms[i] as number, -(weights[i] as number));
    }
    state.event.posts.delete(id);
  }

  /** Puts a detached post into an event, with its terms and its structural links. */
  private reattach(it: BatchItem, state: PostState, event: EventState): void {
    const { terms, weights } = state.vector;
    for (let i = 0; i < terms.length; i++) {
      this.addWeight(event, terms[i] as number, weights[i] as number);
    }
    event.posts.add(it.post.id);
    event.lastTime = Math.max(event.lastTime, it.time);
    if (state.event === event) return;
    state.event = event;
    for (const k of state.keys) this.link('keys', k, event);
    const { structure } = it.prepared;
    for (const u of structure.urls) this.link('urls', u, event);
    if (structure.hashtags.length === 1) this.link('tags', structure.hashtags[0] as string, event);
    if (it.post.dupGroup) this.link('groups', it.post.dupGroup, event);
  }

  private openEvent(id: string, time: number): EventState {
    const e: EventState = {
      id,
      centroid: new Map(),
      norm: 0,
      total: 0,
      posts: new Set(),
      keys: new Set(),
      tags: new Set(),
      urls: new Set(),
      groups: new Set(),
      lastTime: time,
      apart: new Set(),
      pass: 0,
      boost: 0,
    };
    this.events.set(id, e);
    if (this.events.size > this.opts.maxOpenEvents) {
      // Map order is insertion order and attach() re-inserts: the first is the least recent.
      const oldest = this.events.values().next().value;
      if (oldest && oldest !== e) this.close(oldest);
    }
    return e;
  }

  private prepare(post: ClusterPost): PreparedPost {
    const { text, structure, words, bigrams } =
      post.prepared ?? prepareClusterPost(post, this.segmenter);
    const vector = this.vectorOf(words, this.opts.bigramWeight > 0 ? bigrams : []);
    return { structure, vector, text };
  }

  private vectorOf(words: readonly string[], bigrams: readonly string[]): Vector {
    // Term counts in order of first occurrence, words first (bigrams carry a mark, so the two
    // never share a term).
    const post = ++this.tfPost;
    const ids: number[] = [];
    const counts: number[] = [];
    const count = (term: string): void => {
      const id = this.intern(term);
      if (this.tfStamp[id] === post) (counts[this.tfSlot[id] as number] as number)++;
      else {
        this.tfStamp[id] = post;
        this.tfSlot[id] = ids.length;
        ids.push(id);
        counts.push(1);
      }
    };
    if (this.opts.wordWeight > 0) for (const w of words) count(w);
    const wordCount = ids.length;
    if (this.opts.bigramWeight > 0) for (const b of bigrams) count(b);
    this.docs++;
    const df = this.df;
    for (const id of ids) {
      if (df[id] === 0) this.dfTerms++;
      (df[id] as number) += 1;
      // Held by this vector from now on (the caller keeps it), before halveDf may free ids.
      (this.vectorRefs[id] as number)++;
    }
    this.dfTotal += ids.length;
    if (this.docs >= 2 * this.opts.dfHalfLife) this.halveDf();
    const terms = Int32Array.from(ids);
    if (this.opts.model === 'dmm') {
      // Counts, not weights: each kept term as often as the post has it.
      return { terms, weights: Float64Array.from(counts) };
    }
    const weights = new Float64Array(ids.length);
    let sum = 0;
    for (let i = 0; i < ids.length; i++) {
      const w =
        (1 + Math.log(counts[i] as number)) *
        this.idf(ids[i] as number) *
        (i < wordCount ? this.opts.wordWeight : this.opts.bigramWeight);
      weights[i] = w;
      sum += w * w;
    }
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let i = 0; i < weights.length; i++) (weights[i] as number) /= norm;
    return { terms, weights };
  }

  /** The id of a term, numbered on first sight (or given a freed id). */
  private intern(term: string): number {
    let id = this.termIds.get(term);
    if (id !== undefined) return id;
    id = this.freeIds.pop();
    if (id === undefined) {
      id = this.termText.length;
      this.termText.push(term);
      this.postings.push(undefined);
      if (id >= this.df.length) this.growTerms(2 * this.df.length);
    } else this.termText[id] = term;
    this.termIds.set(term, id);
    return id;
  }

  private growTerms(size: number): void {
    const df = new Float64Array(size);
    df.set(this.df);
    this.df = df;
    for (const name of ['vectorRefs', 'tfStamp', 'tfSlot'] as const) {
      const a = new Int32Array(size);
      a.set(this[name]);
      this[name] = a;
    }
  }

  /** Frees a term's id when nothing holds the term any more. */
  private release(id: number): void {
    if (this.df[id] !== 0 || this.vectorRefs[id] !== 0 || this.postings[id] !== undefined) return;
    this.termIds.delete(this.termText[id] as string);
    this.termText[id] = '';
    this.tfStamp[id] = 0;
    this.freeIds.push(id);
  }

  /** A kept post vector is dropped: its terms are held by one vector less. */
  private dropVector(vector: Vector): void {
    for (const id of vector.terms) {
      (this.vectorRefs[id] as number)--;
      this.release(id);
    }
  }

  private idf(id: number): number {
    return Math.log((this.docs + 1) / ((this.df[id] as number) + 1)) + 1;
  }

  private halveDf(): void {
    this.docs /= 2;
    this.dfTotal = 0;
    const df = this.df;
    for (let id = 0; id < this.termText.length; id++) {
      const n = df[id] as number;
      if (n === 0) continue;
      if (n < 2) {
        df[id] = 0;
        this.dfTerms--;
        this.release(id);
      } else {
        df[id] = n / 2;
        this.dfTotal += n / 2;
      }
    }
  }

  /** The open event structure ties the post to, if any. */
  private structuralMatch(
    post: ClusterPost,
    structure: ReturnType<typeof postStructure>,
    time: number,
  ): EventState | undefined {
    const live = (e: EventState | undefined) =>
      e && this.events.get(e.id) === e && time - e.lastTime <= this.opts.windowMs ? e : undefined;
    if (post.parentId) {
      const e = live(this.posts.get(post.parentId)?.event);
      if (e) return e;
    }
    if (post.dupGroup) {
      const e = live(this.links.groups.get(post.dupGroup));
      if (e) return e;
    }
    for (const text of structure.reposted) {
      const key = textKey(text, this.opts.minKeyChars);
      const e = key === undefined ? undefined : live(this.links.keys.get(key));
      if (e) return e;
    }
    for (const url of structure.urls) {
      const e = live(this.links.urls.get(url));
      if (e) return e;
    }
    if (structure.hashtags.length === 1) {
      const e = live(this.links.tags.get(structure.hashtags[0] as string));
      if (e) return e;
    }
    return undefined;
  }

  /** The open event most similar to the vector, if similar enough. */
  private similarEvent(vector: Vector, time: number): EventState | undefined {
    if (this.opts.model === 'dmm') return this.likeliestEvent(vector, time);
    const dots = new Map<EventState, number>();
    const { terms, weights } = vector;
    for (let i = 0; i < terms.length; i++) {
      const postings = this.postings[terms[i] as number];
      if (!postings) continue;
      const w = weights[i] as number;
      for (const [e, c] of postings) dots.set(e, (dots.get(e) ?? 0) + c * w);
    }
    let best: EventState | undefined;
    let bestScore = this.opts.threshold;
    const a = this.opts.sizeExponent;
    for (const [e, dot] of dots) {
      if (time - e.lastTime > this.opts.windowMs) continue;
      const score = a < 0 ? dot / this.norm(e) : dot / Math.pow(e.posts.size, a);
      if (score >= bestScore) {
        bestScore = score;
        best = e;
      }
    }
    return best;
  }

  /** MStream's choice: the event of highest posterior, unless a new event is likelier. */
  private likeliestEvent(vector: Vector, time: number): EventState | undefined {
    if (this.opts.background > 0) return this.mixtureEvent(vector, time);
    const { alpha, beta } = this.opts;
    const gain = new Map<EventState, number>();
    const { terms, weights } = vector;
    let length = 0;
    for (let i = 0; i < terms.length; i++) {
      const n = weights[i] as number;
      length += n;
      const postings = this.postings[terms[i] as number];
      if (!postings) continue;
      for (const [e, c] of postings) {
        let g = 0;
        for (let j = 0; j < n; j++) g += Math.log((c + beta + j) / (beta + j));
        gain.set(e, (gain.get(e) ?? 0) + g);
      }
    }
    const vBeta = Math.max(1, this.dfTerms) * beta;
    const docs = Math.max(1, this.posts.size);
    let best: EventState | undefined;
    let denominatorNew = 0;
    for (let i = 0; i < length; i++) denominatorNew += Math.log(vBeta + i);
    let bestScore =
      Math.log(alpha * docs) +
      this.opts.alphaLength * Math.log(Math.max(1, length) / 50) -
      denominatorNew +
      this.opts.threshold;
    for (const [e, g] of gain) {
      if (time - e.lastTime > this.opts.windowMs) continue;
      let denominator = 0;
      for (let i = 0; i < length; i++) denominator += Math.log(e.total + vBeta + i);
      const score = this.opts.sizePower * Math.log(e.posts.size) + g - denominator;
      if (score >= bestScore) {
        bestScore = score;
        best = e;
      }
    }
    return best;
  }

  /**
   * The DMM with a background: each term of a post comes from its event with probability
   * 1 - background, else from the recent stream's term distribution (document frequencies).
   * The score of event z is m_z^sizePower · Π_w (topic · (n_z,w + β) / (n_z + Vβ) + bg_w)^c_w;
   * a new event's is αD · (length / 50)^alphaLength · Π_w (topic / V + bg_w)^c_w. Only events
   * sharing a term with the post are scored: the per-term boost over an event's absent-term
   * probability comes from the postings, the absent-term part costs the post's length.
   */
  private mixtureEvent(vector: Vector, time: number): EventState | undefined {
    const { alpha, beta, background, sizePower } = this.opts;
    const topic = 1 - background;
    const vBeta = Math.max(1, this.dfTerms) * beta;
    const bgDenominator = this.dfTotal + vBeta;
    const counts: number[] = [];
    const bg: number[] = [];
    // Candidates in order of first shared term, their sums on the events (no Map per post).
    const pass = ++this.passes;
    const candidates: EventState[] = [];
    const { terms, weights } = vector;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as number;
      const n = weights[i] as number;
      const b = (background * ((this.df[term] as number) + beta)) / bgDenominator;
      counts.push(n);
      bg.push(b);
      const postings = this.postings[term];
      if (!postings) continue;
      postings.forEach((c, e) => {
        const d = e.total + vBeta;
        const g = n * Math.log(((topic * (c + beta)) / d + b) / ((topic * beta) / d + b));
        if (e.pass === pass) e.boost += g;
        else {
          e.pass = pass;
          e.boost = g;
          candidates.push(e);
        }
      });
    }
    const docs = Math.max(1, this.posts.size);
    const length = counts.reduce((a, n) => a + n, 0);
    const uniform = (topic * beta) / vBeta;
    let fresh = 0;
    for (let i = 0; i < counts.length; i++) {
      fresh += (counts[i] as number) * Math.log(uniform + (bg[i] as number));
    }
    const lengthPrior = this.opts.alphaLength * Math.log(Math.max(1, length) / 50);
    let bestScore = Math.log(alpha * docs) + lengthPrior + this.opts.threshold + fresh;
    let best: EventState | undefined;
    for (const e of candidates) {
      if (time - e.lastTime > this.opts.windowMs) continue;
      const g = e.boost;
      const prior = sizePower * Math.log(e.posts.size);
      // An event's absent-term probability is at most a new event's (its total is >= 0), so
      // prior + g + fresh bounds its score: below the best so far, the exact sum is not needed.
      if (prior + g + fresh < bestScore) continue;
      const absent = (topic * beta) / (e.total + vBeta);
      let ll = g;
      for (let i = 0; i < counts.length; i++) {
        ll += (counts[i] as number) * Math.log(absent + (bg[i] as number));
      }
      const score = prior + ll;
      if (score >= bestScore) {
        bestScore = score;
        best = e;
      }
    }
    return best;
  }

  private norm(e: EventState): number {
    if (Number.isNaN(e.norm)) {
      let s = 0;
      for (const w of e.centroid.values()) s += w * w;
      e.norm = Math.sqrt(s) || 1;
    }
    return e.norm;
  }

  private attach(post: ClusterPost, prepared: PreparedPost, event: EventState, time: number): void {
    const { structure, vector, text } = prepared;
    const previous = this.posts.get(post.id);
    if (previous && previous.event !== event) previous.event.posts.delete(post.id);
    if (previous) this.dropVector(previous.vector);
    for (let i = 0; i < vector.terms.length; i++) {
      this.addWeight(event, vector.terms[i] as number, vector.weights[i] as number);
    }
    event.posts.add(post.id);
    event.lastTime = Math.max(event.lastTime, time);
    const keys: string[] = [];
    for (const t of [text, ...structure.reposted]) {
      const key = textKey(t, this.opts.minKeyChars);
      if (key !== undefined) {
        keys.push(key);
        this.link('keys', key, event);
      }
    }
    this.posts.set(post.id, { event, vector, keys });
    for (const u of structure.urls) this.link('urls', u, event);
    if (structure.hashtags.length === 1) this.link('tags', structure.hashtags[0] as string, event);
    if (post.dupGroup) this.link('groups', post.dupGroup, event);
    // Most recently joined last: openEvent() closes from the front when over the limit.
    this.events.delete(event.id);
    this.events.set(event.id, event);
    this.prune(event);
  }

  /** Points a structural key at the event (the latest holder wins). */
  private link(kind: LinkKind, key: string, event: EventState): void {
    const map = this.links[kind];
    const holder = map.get(key);
    if (holder && holder !== event) holder[kind].delete(key);
    map.set(key, event);
    event[kind].add(key);
  }

  /** Adds to a term's weight in the event's centroid and in the inverted index. */
  private addWeight(e: EventState, term: number, w: number): void {
    const before = e.centroid.get(term) ?? 0;
    const next = before + w;
    e.norm = NaN;
    e.total += (next > 1e-9 ? next : 0) - before;
    let postings = this.postings[term];
    if (next > 1e-9) {
      e.centroid.set(term, next);
      if (!postings) this.postings[term] = postings = new Map<EventState, number>();
      postings.set(e, next);
    } else {
      e.centroid.delete(term);
      if (postings) {
        postings.delete(e);
        if (postings.size === 0) {
          this.postings[term] = undefined;
          this.release(term);
        }
      }
    }
  }

  /** Keeps the centroid to its heaviest terms. */
  private prune(e: EventState): void {
    const cap = this.opts.centroidTerms;
    if (e.centroid.size <= cap * 1.5) return;
    const dropped = [...e.centroid].sort((a, b) => b[1] - a[1]).slice(cap);
    for (const [term, w] of dropped) this.addWeight(e, term, -w);
  }

  private clearCentroid(e: EventState): void {
    for (const [term, w] of [...e.centroid]) this.addWeight(e, term, -w);
  }

  private close(e: EventState): void {
    this.clearCentroid(e);
    this.events.delete(e.id);
    for (const p of e.posts) {
      const state = this.posts.get(p);
      if (state?.event !== e) continue;
      this.posts.delete(p);
      this.dropVector(state.vector);
    }
    for (const kind of LINK_KINDS) {
      const map = this.links[kind];
      for (const key of e[kind]) if (map.get(key) === e) map.delete(key);
    }
    for (const [from, to] of this.alias) if (to === e.id) this.alias.delete(from);
  }
}

/**
 * A post's structure and terms, as the clusterer computes them before reading any event state
 * (pure: the same post and segmenter give the same result, in any thread). Pass the result as
 * {@link ClusterPost.prepared} with the clusterer's own segmenter (by default the shared one).
 */
export function prepareClusterPost(
  post: Pick<ClusterPost, 'text' | 'title' | 'tokens'>,
  segmenter: Segmenter = defaultSegmenter(),
): ClusterPrepared {
  const text =
    post.title && !post.text.startsWith(post.title) ? `${post.title}\n${post.text}` : post.text;
  const structure = postStructure(text);
  // A bare repost ("转发微博", or nothing) is about what it reposts.
  let wordSource = wordsText(structure.own);
  if (structure.reposted.length > 0 && contentLength(wordSource) < 6) {
    wordSource = `${wordSource} ${wordsText(postStructure(structure.reposted[0] ?? '').own)}`;
  }
  const words =
    post.tokens && structure.reposted.length === 0
      ? contentWords(post.tokens)
      : contentWords(segmenter.cut(wordSource));
  for (const tag of structure.hashtags) words.push(`#${tag}`);
  return { text, structure, words, bigrams: hanBigrams(wordSource) };
}

function contentLength(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}
