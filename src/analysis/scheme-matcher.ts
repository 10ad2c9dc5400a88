// The scheme matcher: which monitoring schemes (监测方案) a post matches, for thousands of
// schemes at once.
//
// Every term of every scheme goes into one Aho-Corasick automaton, so a post is read once per
// field however many schemes there are. The hits mark terms as present (and record positions for
// the terms NEAR needs); only schemes that one of the present terms can make true are then
// evaluated, each as a small program in one shared typed array. The obvious evaluator, against
// which this one is tested and benchmarked, is in scheme-matcher-naive.ts.

import {
  matchesWithoutTerms,
  parseScheme,
  type Field,
  type SchemeError,
  type SchemeNode,
  type TermNode,
} from '../domain/scheme-language.ts';
import { AhoCorasick } from './aho-corasick.ts';
import { toHalfWidth, toSimplified } from './normalise.ts';

/** A post as the matcher sees it: raw strings, empty when the post has no such field. */
export interface MatchDoc {
  title: string;
  text: string;
  author: string;
  source: string;
  /** Region names, e.g. the post's own region and the regions detected in it, space-separated. */
  region: string;
}

/**
 * A post with every field folded by {@link foldForMatch}. `all` is the unscoped field, the title
 * and the text joined by a line break: an unscoped term matches in either, and NEAR across the
 * two counts the line break as one character. Hit positions refer to these strings.
 */
export interface PreparedDoc {
  readonly title: string;
  readonly text: string;
  readonly author: string;
  readonly source: string;
  readonly region: string;
  readonly all: string;
}

/**
 * How terms and texts are compared: full-width ASCII folded, traditional to simplified, Latin
 * letters lower-cased. Applied to each field and to each term separately, so folding the output
 * of `analysisText` (already simplified and half-width) again changes nothing.
 *
 * Lengths: for Chinese text the result has the same UTF-16 length as the input (the OpenCC
 * tables map one character to one character, and whole-post checks on real Weibo text found no
 * exception), but that is not guaranteed for every string (`'İ'.toLowerCase()` is two code
 * units), which is why hit positions are stated in the folded text.
 *
 * Traditional-to-simplified conversion reads phrases, so a term is converted as written, without
 * the context it has inside a post; a single ambiguous character (乾 alone becomes 干, 乾隆 stays)
 * may therefore not match inside a phrase the converter treats differently. Both evaluators share
 * this, and whole words (the normal case) convert the same alone and in context.
 */
export function foldForMatch(text: string): string {
  return toSimplified(toHalfWidth(text)).toLowerCase();
}

/** Folds each field of a post once; a prepared post can be matched against any compiled set. */
export function prepareDoc(doc: Partial<MatchDoc> & { text: string }): PreparedDoc {
  const title = foldForMatch(doc.title ?? '');
  const text = foldForMatch(doc.text);
  return {
    title,
    text,
    author: foldForMatch(doc.author ?? ''),
    source: foldForMatch(doc.source ?? ''),
    region: foldForMatch(doc.region ?? ''),
    all: `${title}\n${text}`,
  };
}

/** Why a post matched: one occurrence of one of the scheme's terms. */
export interface HitSpan {
  /** `title` or `text` for unscoped terms too: the field the occurrence lies in. */
  field: Field;
  /** UTF-16 positions in that field of the {@link PreparedDoc}; `end` exclusive. */
  start: number;
  end: number;
  /** The term as written in the scheme. */
  term: string;
}

export interface SchemeMatch {
  id: string;
  /** Occurrences of the scheme's terms, except terms it only wants absent; by field, position. */
  hits: HitSpan[];
}

export interface CompiledSchemes {
  /** Schemes that failed to parse, by id, with their errors; they match nothing. */
  readonly errors: ReadonlyMap<string, readonly SchemeError[]>;
  /** Schemes compiled (the valid ones). */
  readonly schemeCount: number;
  /** Distinct (field, folded term) pairs over all schemes. */
  readonly termCount: number;
  /** Trie nodes of the shared automaton. */
  readonly automatonSize: number;
  /** Ids of the schemes the post matches, in input order. */
  match(doc: PreparedDoc): string[];
  /** The matched schemes with the spans that explain them (for highlighting), in input order. */
  matchDetailed(doc: PreparedDoc): SchemeMatch[];
  /** The spans that explain one scheme's match, or undefined when it does not match. */
  explain(doc: PreparedDoc, id: string): HitSpan[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// Compilation

/** Field slots: 0 is the unscoped field (`all`), then the five scopes. */
const SLOTS = 6;
const SLOT_OF: Record<Field, number> = { title: 1, text: 2, author: 3, source: 4, region: 5 };
const FIELD_OF_SLOT = [undefined, 'title', 'text', 'author', 'source', 'region'] as const;
const SEPARATE_SLOTS = [3, 4, 5] as const;

function slotOf(field: Field | undefined): number {
  return field === undefined ? 0 : SLOT_OF[field];
}

/** Weight, in posts, of the length-based prior of a term's frequency. */
const PRIOR_WEIGHT = 16;
/** Trigger terms are chosen again after this many posts, then after 16 times as many, ... */
const FIRST_REPLAN = 256;
const REPLAN_FACTOR = 16;

// Scheme programs. Each node is laid out as [op, length, ...]: `length` is the node's whole size
// in the array, so a parent steps over a child without decoding it. A term is [TERM, 3, term id],
// a NEAR [NEAR, 3, index into nears], NOT [NOT, 2 + child's size, child], AND/OR
// [op, 2 + children's sizes, children...]. All schemes live in one Int32Array: evaluating one is
// a walk over a few adjacent integers instead of calls between objects scattered on the heap.
const OP_TERM = 0;
const OP_NOT = 1;
const OP_AND = 2;
const OP_OR = 3;
const OP_NEAR = 4;

interface Near {
  terms: readonly number[];
  lens: readonly number[];
  /** n + the items' total length: the widest window allowed. */
  budget: number;
  /** Per item, the starts of its term in the current document (shared with `positions`). */
  lists: readonly number[][];
}

/** A set of terms such that, if none of them occurs in a post, a (sub)scheme has a known value. */
interface Trigger {
  terms: number[];
  /** Estimated chance that one of them occurs: what the choice between alternatives minimises. */
  cost: number;
}

function union(parts: readonly Trigger[]): Trigger {
  const terms = new Set<number>();
  let cost = 0;
  for (const p of parts) {
    for (const t of p.terms) terms.add(t);
    cost += p.cost;
  }
  return { terms: [...terms], cost };
}

function cheapest(parts: readonly (Trigger | null)[]): Trigger | null {
  let best: Trigger | null = null;
  for (const p of parts) if (p !== null && (best === null || p.cost < best.cost)) best = p;
  return best;
}

/** Distinct folded strings (the automaton's patterns) and distinct (slot, pattern) terms. */
class TermTable {
  readonly patterns: string[] = [];
  private readonly patternIndex = new Map<string, number>();
  private readonly foldCache = new Map<string, string>();
  /** termOf[pattern * SLOTS + slot]: the term id, or -1. */
  readonly termOf: number[] = [];
  readonly termPattern: number[] = [];
  readonly termSlot: number[] = [];

  id(node: TermNode): number {
    let folded = this.foldCache.get(node.value);
    if (folded === undefined) {
      folded = foldForMatch(node.value);
      this.foldCache.set(node.value, folded);
    }
    let p = this.patternIndex.get(folded);
    if (p === undefined) {
      p = this.patterns.length;
      this.patterns.push(folded);
      this.patternIndex.set(folded, p);
      for (let s = 0; s < SLOTS; s++) this.termOf.push(-1);
    }
    const slot = slotOf(node.field);
    let id = this.termOf[p * SLOTS + slot]!;
    if (id < 0) {
      id = this.termPattern.length;
      this.termOf[p * SLOTS + slot] = id;
      this.termPattern.push(p);
      this.termSlot.push(slot);
    }
    return id;
  }

  length(term: number): number {
    return this.patterns[this.termPattern[term]!]!.length;
  }
}

/**
 * Compiles schemes for {@link CompiledSchemes.match}. Invalid queries are skipped and reported
 * in `errors`; nothing throws on a query. The result keeps per-document scratch state, so it is
 * not re-entrant (JavaScript never runs two matches at once anyway).
 */
export function compileSchemes(schemes: readonly { id: string; query: string }[]): CompiledSchemes {
  return new CompiledSchemeSet(schemes);
}

class CompiledSchemeSet implements CompiledSchemes {
  readonly errors = new Map<string, SchemeError[]>();
  readonly schemeCount: number;
  readonly termCount: number;
  readonly automatonSize: number;

  private readonly ids: string[] = [];
  private readonly table = new TermTable();
  private readonly automaton: AhoCorasick;
  private readonly patternLength: Int32Array;
  private readonly termOf: Int32Array;
  /** Which slots some term uses: fields nobody scopes to are not scanned. */
  private readonly slotUsed: boolean[];
  private readonly scanAll: boolean;

  private readonly code: Int32Array;
  /** Where each scheme's program starts in `code`. */
  private readonly entry: Int32Array;
  private readonly nears: Near[] = [];
  /** Schemes true without any of their terms (the parser rejects them; kept correct anyway). */
  private readonly always: number[] = [];
  /** Per scheme: its terms (id, as written) whose occurrences explain a match. */
  private readonly explainTerms: { id: number; term: string }[][] = [];

  // Per-document state. A term is present in the current document iff termEpoch[id] === epoch,
  // and a scheme is a candidate iff schemeEpoch[s] === epoch, so nothing is cleared between
  // documents. Positions are kept only for the terms NEAR reads.
  private epoch = 0;
  private readonly termEpoch: Int32Array;
  private readonly schemeEpoch: Int32Array;
  private readonly positions: (number[] | undefined)[];
  private readonly candidates: Int32Array;
  private candidateCount = 0;
  private titleLength = 0;
  private scanSlot = 0;

  // Trigger lists in one array: the schemes to evaluate when term t occurs are
  // triggerList[triggerStart[t] .. triggerStart[t + 1]).
  private triggerStart = new Int32Array(1);
  private triggerList = new Int32Array(0);
  /** Documents each term occurred in, and documents seen: to choose rare terms as triggers. */
  private readonly termDocs: Uint32Array;
  private docsSeen = 0;
  private nextReplan = FIRST_REPLAN;

  constructor(schemes: readonly { id: string; query: string }[]) {
    const code: number[] = [];
    const entry: number[] = [];
    const nearTerms = new Set<number>();
    for (const { id, query } of schemes) {
      const parsed = parseScheme(query);
      if (!parsed.ok) {
        this.errors.set(id, parsed.errors);
        continue;
      }
      const s = this.ids.length;
      this.ids.push(id);
      entry.push(code.length);
      this.emit(parsed.ast, code, nearTerms);
      this.explainTerms.push(
        positiveTerms(parsed.ast).map((t) => ({ id: this.table.id(t), term: t.value })),
      );
      if (matchesWithoutTerms(parsed.ast)) this.always.push(s);
    }
    const { patterns, termSlot } = this.table;
    this.schemeCount = this.ids.length;
    this.termCount = termSlot.length;
    this.code = Int32Array.from(code);
    this.entry = Int32Array.from(entry);
    this.termOf = Int32Array.from(this.table.termOf);
    this.automaton = new AhoCorasick(patterns);
    this.automatonSize = this.automaton.size;
    this.patternLength = Int32Array.from(patterns, (p) => p.length);
    this.slotUsed = Array.from({ length: SLOTS }, (_, slot) => termSlot.includes(slot));
    this.scanAll =
      this.slotUsed[0] === true || this.slotUsed[1] === true || this.slotUsed[2] === true;

    this.termEpoch = new Int32Array(this.termCount);
    this.termDocs = new Uint32Array(this.termCount);
    this.schemeEpoch = new Int32Array(this.schemeCount);
    this.candidates = new Int32Array(this.schemeCount);
    this.positions = Array.from({ length: this.termCount }, () => undefined);
    for (const t of nearTerms) this.positions[t] = [];
    for (const near of this.nears) {
      near.lists = near.terms.map((t) => this.positions[t]!);
    }
    this.replan();
  }

  /** Appends the program of a node to `code`. */
  private emit(node: SchemeNode, code: number[], nearTerms: Set<number>): void {
    const at = code.length;
    switch (node.type) {
      case 'term':
        code.push(OP_TERM, 3, this.table.id(node));
        return;
      case 'near': {
        const terms = node.items.map((item) => this.table.id(item));
        for (const t of terms) nearTerms.add(t);
        const lens = terms.map((t) => this.table.length(t));
        const budget = node.distance + lens.reduce((a, b) => a + b, 0);
        code.push(OP_NEAR, 3, this.nears.length);
        this.nears.push({ terms, lens, budget, lists: [] });
        return;
      }
      case 'not':
        code.push(OP_NOT, 0);
        this.emit(node.child, code, nearTerms);
        break;
      case 'and':
      case 'or':
        code.push(node.type === 'and' ? OP_AND : OP_OR, 0);
        for (const c of node.children) this.emit(c, code, nearTerms);
        break;
    }
    code[at + 1] = code.length - at;
  }

  // -------------------------------------------------------------------------------------------
  // Choosing triggers

  /**
   * Estimated chance that a term occurs in a post: the share of posts seen so far that had it,
   * smoothed towards a prior from its length (short terms are common), which is all there is
   * before the first post.
   */
  private termCost(t: number): number {
    const len = this.table.length(t);
    const prior = 1 / (len * len);
    return (this.termDocs[t]! + PRIOR_WEIGHT * prior) / (this.docsSeen + PRIOR_WEIGHT);
  }

  /** Terms such that, if none occurs, the node at `pc` is false (null: none found). */
  private needTrue(pc: number): Trigger | null {
    const code = this.code;
    switch (code[pc]!) {
      case OP_TERM: {
        const t = code[pc + 2]!;
        return { terms: [t], cost: this.termCost(t) };
      }
      case OP_NEAR:
        return cheapest(
          this.nears[code[pc + 2]!]!.terms.map((t) => ({ terms: [t], cost: this.termCost(t) })),
        );
      case OP_NOT:
        return this.needFalse(pc + 2);
      case OP_AND:
        return cheapest(this.children(pc).map((c) => this.needTrue(c)));
      default: {
        const parts = this.children(pc).map((c) => this.needTrue(c));
        return parts.every((p) => p !== null) ? union(parts) : null;
      }
    }
  }

  /** Terms such that, if none occurs, the node at `pc` is true (null: none found). */
  private needFalse(pc: number): Trigger | null {
    const code = this.code;
    switch (code[pc]!) {
      case OP_TERM:
      case OP_NEAR:
        return null;
      case OP_NOT:
        return this.needTrue(pc + 2);
      case OP_AND: {
        const parts = this.children(pc).map((c) => this.needFalse(c));
        return parts.every((p) => p !== null) ? union(parts) : null;
      }
      default:
        return cheapest(this.children(pc).map((c) => this.needFalse(c)));
    }
  }

  private children(pc: number): number[] {
    const out: number[] = [];
    const end = pc + this.code[pc + 1]!;
    for (let c = pc + 2; c < end; c += this.code[c + 1]!) out.push(c);
    return out;
  }

  /** Every term of the program at `pc`, NEAR items included. */
  private termsOf(pc: number): number[] {
    const out: number[] = [];
    const end = pc + this.code[pc + 1]!;
    for (let c = pc; c < end;) {
      const op = this.code[c]!;
      if (op === OP_TERM) out.push(this.code[c + 2]!);
      else if (op === OP_NEAR) out.push(...this.nears[this.code[c + 2]!]!.terms);
      c += op === OP_TERM || op === OP_NEAR ? 3 : 2;
    }
    return out;
  }

  /**
   * Chooses each scheme's trigger terms: a set such that the scheme is false in a post where
   * none of them occurs, as unlikely to occur as known. Which set is chosen never changes a
   * result, only how many schemes are evaluated per post; so it is chosen again as the stream
   * shows which terms are common (武汉 in 2020 Weibo posts, whatever its length says).
   */
  private replan(): void {
    const lists: number[][] = Array.from({ length: this.termCount }, () => []);
    for (let s = 0; s < this.schemeCount; s++) {
      if (this.always.includes(s)) continue;
      const pc = this.entry[s]!;
      // Fallback: with none of its terms present the scheme is false, so all of them will do.
      const terms = this.needTrue(pc)?.terms ?? [...new Set(this.termsOf(pc))];
      for (const t of terms) lists[t]!.push(s);
    }
    const start = new Int32Array(this.termCount + 1);
    lists.forEach((list, t) => (start[t + 1] = start[t]! + list.length));
    const flat = new Int32Array(start[this.termCount]!);
    lists.forEach((list, t) => flat.set(list, start[t]));
    this.triggerStart = start;
    this.triggerList = flat;
  }

  // -------------------------------------------------------------------------------------------
  // Matching

  private hit(t: number, start: number): void {
    if (this.termEpoch[t] !== this.epoch) {
      const epoch = this.epoch;
      this.termEpoch[t] = epoch;
      this.termDocs[t]!++;
      const pos = this.positions[t];
      if (pos !== undefined) pos.length = 0;
      const end = this.triggerStart[t + 1]!;
      for (let i = this.triggerStart[t]!; i < end; i++) {
        const s = this.triggerList[i]!;
        if (this.schemeEpoch[s] !== epoch) {
          this.schemeEpoch[s] = epoch;
          this.candidates[this.candidateCount++] = s;
        }
      }
    }
    this.positions[t]?.push(start);
  }

  /** The automaton's callback: an occurrence of pattern p ends at `end` in the scanned field. */
  private readonly onMatch = (p: number, end: number): void => {
    const start = end - this.patternLength[p]!;
    const base = p * SLOTS;
    const termOf = this.termOf;
    if (this.scanSlot === 0) {
      let t = termOf[base]!;
      if (t >= 0) this.hit(t, start);
      t = termOf[base + 1]!;
      if (t >= 0 && end <= this.titleLength) this.hit(t, start);
      t = termOf[base + 2]!;
      if (t >= 0 && start > this.titleLength) this.hit(t, start);
    } else {
      const t = termOf[base + this.scanSlot]!;
      if (t >= 0) this.hit(t, start);
    }
  };

  /** Marks the terms present in the document and collects the candidate schemes (any order). */
  private scan(doc: PreparedDoc): void {
    if (this.epoch >= 0x7fff_fff0) {
      this.termEpoch.fill(0);
      this.schemeEpoch.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
    if (++this.docsSeen === this.nextReplan) {
      this.replan();
      this.nextReplan *= REPLAN_FACTOR;
    }
    this.candidateCount = 0;
    for (const s of this.always) {
      this.schemeEpoch[s] = this.epoch;
      this.candidates[this.candidateCount++] = s;
    }
    if (this.scanAll) {
      this.scanSlot = 0;
      this.titleLength = doc.title.length;
      this.automaton.scan(doc.all, this.onMatch);
    }
    for (const slot of SEPARATE_SLOTS) {
      const text = doc[FIELD_OF_SLOT[slot]];
      if (!this.slotUsed[slot] || text === '') continue;
      this.scanSlot = slot;
      this.automaton.scan(text, this.onMatch);
    }
  }

  /** Evaluates the program node at `pc` for the current document. */
  private evaluate(pc: number): boolean {
    const code = this.code;
    switch (code[pc]!) {
      case OP_TERM:
        return this.termEpoch[code[pc + 2]!] === this.epoch;
      case OP_NOT:
        return !this.evaluate(pc + 2);
      case OP_AND: {
        const end = pc + code[pc + 1]!;
        for (let c = pc + 2; c < end; c += code[c + 1]!) {
          // Terms inline: most children are terms.
          if (code[c] === OP_TERM) {
            if (this.termEpoch[code[c + 2]!] !== this.epoch) return false;
          } else if (!this.evaluate(c)) return false;
        }
        return true;
      }
      case OP_OR: {
        const end = pc + code[pc + 1]!;
        for (let c = pc + 2; c < end; c += code[c + 1]!) {
          if (code[c] === OP_TERM) {
            if (this.termEpoch[code[c + 2]!] === this.epoch) return true;
          } else if (this.evaluate(c)) return true;
        }
        return false;
      }
      default: {
        const near = this.nears[code[pc + 2]!]!;
        for (const t of near.terms) if (this.termEpoch[t] !== this.epoch) return false;
        return nearWithin(near.lists, near.lens, near.budget);
      }
    }
  }

  /** The schemes the document matches, ascending (input order). */
  private matchIndices(doc: PreparedDoc): number[] {
    this.scan(doc);
    const matched: number[] = [];
    for (let i = 0; i < this.candidateCount; i++) {
      const s = this.candidates[i]!;
      if (this.evaluate(this.entry[s]!)) matched.push(s);
    }
    // Candidates arrive in hit order; only the (fewer) matches are put in order. Insertion sort:
    // a handful of numbers, no comparator calls.
    if (matched.length > 32) return matched.sort((a, b) => a - b);
    for (let i = 1; i < matched.length; i++) {
      const v = matched[i]!;
      let j = i - 1;
      while (j >= 0 && matched[j]! > v) {
        matched[j + 1] = matched[j]!;
        j--;
      }
      matched[j + 1] = v;
    }
    return matched;
  }

  match(doc: PreparedDoc): string[] {
    return this.matchIndices(doc).map((s) => this.ids[s]!);
  }

  matchDetailed(doc: PreparedDoc): SchemeMatch[] {
    return this.spans(doc, this.matchIndices(doc));
  }

  explain(doc: PreparedDoc, id: string): HitSpan[] | undefined {
    const s = this.ids.indexOf(id);
    if (s < 0) return undefined;
    this.scan(doc);
    if (this.schemeEpoch[s] !== this.epoch || !this.evaluate(this.entry[s]!)) return undefined;
    return this.spans(doc, [s])[0]?.hits;
  }

  /** Rare path (the UI): finds every occurrence again rather than slow down match(). */
  private spans(doc: PreparedDoc, matched: readonly number[]): SchemeMatch[] {
    if (matched.length === 0) return [];
    const found: { slot: number; pattern: number; start: number; end: number }[] = [];
    if (this.scanAll) {
      for (const m of this.automaton.findAll(doc.all)) found.push({ slot: 0, ...m });
    }
    for (const slot of SEPARATE_SLOTS) {
      const text = doc[FIELD_OF_SLOT[slot]];
      if (!this.slotUsed[slot] || text === '') continue;
      for (const m of this.automaton.findAll(text)) found.push({ slot, ...m });
    }
    const tl = doc.title.length;
    return matched.map((s) => {
      const wanted = new Map<number, string>();
      for (const { id, term } of this.explainTerms[s]!) if (!wanted.has(id)) wanted.set(id, term);
      const hits: HitSpan[] = [];
      const seen = new Set<string>();
      const add = (field: Field, start: number, end: number, term: string) => {
        const key = `${field}:${start}:${end}`;
        if (start >= end || seen.has(key)) return;
        seen.add(key);
        hits.push({ field, start, end, term });
      };
      for (const f of found) {
        const slots = f.slot === 0 ? [0, 1, 2] : [f.slot];
        for (const slot of slots) {
          const term = wanted.get(this.termOf[f.pattern * SLOTS + slot]!);
          if (term === undefined) continue;
          if (f.slot !== 0) {
            add(FIELD_OF_SLOT[f.slot] as Field, f.start, f.end, term);
            continue;
          }
          if (slot === 1 && f.end > tl) continue;
          if (slot === 2 && f.start <= tl) continue;
          // An occurrence in `all` lies in the title, the text, or (a phrase with a line
          // break) across both: then each part is reported in its own field.
          add('title', f.start, Math.min(f.end, tl), term);
          add('text', Math.max(f.start - tl - 1, 0), f.end - tl - 1, term);
        }
      }
      hits.sort(
        (a, b) => SLOT_OF[a.field] - SLOT_OF[b.field] || a.start - b.start || a.end - b.end,
      );
      return { id: this.ids[s]!, hits };
    });
  }
}

/** Terms under an even number of NOTs: the ones whose presence can explain a match. */
function positiveTerms(node: SchemeNode, negated = false, out: TermNode[] = []): TermNode[] {
  switch (node.type) {
    case 'term':
      if (!negated) out.push(node);
      break;
    case 'near':
      if (!negated) out.push(...node.items);
      break;
    case 'not':
      positiveTerms(node.child, !negated, out);
      break;
    case 'and':
    case 'or':
      for (const c of node.children) positiveTerms(c, negated, out);
      break;
  }
  return out;
}

/**
 * NEAR's test (definition in scheme-language.ts): is there one start per item, from its sorted
 * `starts`, with (max end − min start) ≤ budget, where budget = n + the items' total length?
 * The leftmost chosen occurrence fixes the window's start; every other item then best takes its
 * first occurrence at or after it (that minimises its end). So trying each occurrence as the
 * leftmost, with a binary search per other item, finds the smallest window exactly.
 */
export function nearWithin(
  starts: readonly (readonly number[])[],
  lens: readonly number[],
  budget: number,
): boolean {
  const k = starts.length;
  for (let i = 0; i < k; i++) {
    const own = starts[i]!;
    for (const s of own) {
      let maxEnd = s + lens[i]!;
      let ok = maxEnd - s <= budget;
      for (let j = 0; ok && j < k; j++) {
        if (j === i) continue;
        const list = starts[j]!;
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (list[mid]! < s) lo = mid + 1;
          else hi = mid;
        }
        if (lo === list.length) {
          ok = false;
          break;
        }
        const end = list[lo]! + lens[j]!;
        if (end > maxEnd) maxEnd = end;
        ok = maxEnd - s <= budget;
      }
      if (ok) return true;
    }
  }
  return false;
}
