// The scheme matcher: which monitoring schemes (监测方案) a post matches, for thousands of
// schemes at once.
//
// Every term of every scheme goes into one Aho-Corasick automaton, so a post is read once per
// field however many schemes there are. The hits mark terms as present (and record positions for
// the terms NEAR needs); only schemes that one of the present terms can make true are then
// evaluated, each as a tree of small closures. The obvious evaluator, against which this one is
// tested and benchmarked, is in scheme-matcher-naive.ts.

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

type Evaluate = () => boolean;

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

/**
 * Compiles schemes for {@link CompiledSchemes.match}. Invalid queries are skipped and reported
 * in `errors`; nothing throws on a query.
 */
export function compileSchemes(schemes: readonly { id: string; query: string }[]): CompiledSchemes {
  const errors = new Map<string, SchemeError[]>();

  // Distinct folded strings (the automaton's patterns) and distinct (slot, pattern) terms.
  const patterns: string[] = [];
  const patternIndex = new Map<string, number>();
  const foldCache = new Map<string, string>();
  /** termOf[pattern * SLOTS + slot]: the term id, or -1; grown as patterns are added. */
  const termOfList: number[] = [];
  const termPattern: number[] = [];
  const termSlot: number[] = [];

  const termId = (node: TermNode): number => {
    let folded = foldCache.get(node.value);
    if (folded === undefined) {
      folded = foldForMatch(node.value);
      foldCache.set(node.value, folded);
    }
    let p = patternIndex.get(folded);
    if (p === undefined) {
      p = patterns.length;
      patterns.push(folded);
      patternIndex.set(folded, p);
      for (let s = 0; s < SLOTS; s++) termOfList.push(-1);
    }
    const slot = slotOf(node.field);
    let id = termOfList[p * SLOTS + slot]!;
    if (id < 0) {
      id = termPattern.length;
      termOfList[p * SLOTS + slot] = id;
      termPattern.push(p);
      termSlot.push(slot);
    }
    return id;
  };

  // Per-document state, shared by every closure below. A term is present in the current
  // document iff termEpoch[id] === epoch, so nothing is cleared between documents. Positions are
  // kept only for the terms NEAR reads.
  let epoch = 0;
  let termEpoch = new Int32Array(0);
  const positions: (number[] | undefined)[] = [];

  /** Chance estimate of a term occurring in a post: short terms are common. */
  const termCost = (id: number): number => {
    const len = patterns[termPattern[id]!]!.length;
    return 1 / (len * len);
  };

  /** None of `terms` occurs => node is false (null: no such set found). */
  const needTrue = (node: SchemeNode): Trigger | null => {
    switch (node.type) {
      case 'term': {
        const id = termId(node);
        return { terms: [id], cost: termCost(id) };
      }
      case 'near':
        return cheapest(node.items.map((item) => needTrue(item)));
      case 'and':
        return cheapest(node.children.map(needTrue));
      case 'or': {
        const parts = node.children.map(needTrue);
        return parts.every((p) => p !== null) ? union(parts) : null;
      }
      case 'not':
        return needFalse(node.child);
    }
  };
  /** None of `terms` occurs => node is true. */
  const needFalse = (node: SchemeNode): Trigger | null => {
    switch (node.type) {
      case 'term':
      case 'near':
        return null;
      case 'and': {
        const parts = node.children.map(needFalse);
        return parts.every((p) => p !== null) ? union(parts) : null;
      }
      case 'or':
        return cheapest(node.children.map(needFalse));
      case 'not':
        return needTrue(node.child);
    }
  };

  const present =
    (id: number): Evaluate =>
    () =>
      termEpoch[id] === epoch;

  const build = (node: SchemeNode): Evaluate => {
    switch (node.type) {
      case 'term':
        return present(termId(node));
      case 'not': {
        const child = build(node.child);
        return () => !child();
      }
      case 'and': {
        const cs = node.children.map(build);
        if (cs.length === 2) {
          const [a, b] = cs as [Evaluate, Evaluate];
          return () => a() && b();
        }
        return () => {
          for (const c of cs) if (!c()) return false;
          return true;
        };
      }
      case 'or': {
        const cs = node.children.map(build);
        if (cs.length === 2) {
          const [a, b] = cs as [Evaluate, Evaluate];
          return () => a() || b();
        }
        return () => {
          for (const c of cs) if (c()) return true;
          return false;
        };
      }
      case 'near':
        return buildNear(node.items.map(termId), node.distance);
    }
  };

  const buildNear = (ids: number[], distance: number): Evaluate => {
    // The position lists live as long as the compiled set; each document empties and refills them.
    const lists = ids.map((id) => (positions[id] ??= []));
    const lens = ids.map((id) => patterns[termPattern[id]!]!.length);
    const budget = distance + lens.reduce((a, b) => a + b, 0);
    return () => {
      for (const id of ids) if (termEpoch[id] !== epoch) return false;
      return nearWithin(lists, lens, budget);
    };
  };

  const ids: string[] = [];
  const evaluators: Evaluate[] = [];
  /** Per valid scheme: its terms (id, as written) that explain a match. */
  const explainTerms: { id: number; term: string }[][] = [];
  const triggerLists: number[][] = [];
  const always: number[] = [];

  for (const { id, query } of schemes) {
    const parsed = parseScheme(query);
    if (!parsed.ok) {
      errors.set(id, parsed.errors);
      continue;
    }
    const s = ids.length;
    ids.push(id);
    evaluators.push(build(parsed.ast));
    explainTerms.push(positiveTerms(parsed.ast).map((t) => ({ id: termId(t), term: t.value })));
    if (matchesWithoutTerms(parsed.ast)) {
      // The parser rejects these; kept correct should that rule ever change.
      always.push(s);
      continue;
    }
    // Fallback: with none of its terms present the scheme is false, so all of them will do.
    const trigger = needTrue(parsed.ast) ?? {
      terms: [...new Set(allTerms(parsed.ast).map(termId))],
      cost: 1,
    };
    for (const t of trigger.terms) (triggerLists[t] ??= []).push(s);
  }

  const termCount = termPattern.length;
  termEpoch = new Int32Array(termCount);
  const triggers: (Int32Array | undefined)[] = Array.from({ length: termCount }, (_, t) => {
    const list = triggerLists[t];
    return list === undefined ? undefined : Int32Array.from(list);
  });
  const termOf = Int32Array.from(termOfList);
  const automaton = new AhoCorasick(patterns);
  const patternLength = Int32Array.from(patterns, (p) => p.length);
  const slotUsed = new Array<boolean>(SLOTS).fill(false);
  for (const slot of termSlot) slotUsed[slot] = true;
  const scanAll = slotUsed[0] === true || slotUsed[1] === true || slotUsed[2] === true;

  const schemeEpoch = new Int32Array(ids.length);
  const candidates: number[] = [];
  let titleLength = 0;
  let scanSlot = 0;

  const hit = (t: number, start: number): void => {
    if (termEpoch[t] !== epoch) {
      termEpoch[t] = epoch;
      const pos = positions[t];
      if (pos !== undefined) pos.length = 0;
      const trig = triggers[t];
      if (trig !== undefined) {
        for (let i = 0; i < trig.length; i++) {
          const s = trig[i]!;
          if (schemeEpoch[s] !== epoch) {
            schemeEpoch[s] = epoch;
            candidates.push(s);
          }
        }
      }
    }
    positions[t]?.push(start);
  };

  const onMatch = (p: number, end: number): void => {
    const start = end - patternLength[p]!;
    const base = p * SLOTS;
    if (scanSlot === 0) {
      let t = termOf[base]!;
      if (t >= 0) hit(t, start);
      t = termOf[base + 1]!;
      if (t >= 0 && end <= titleLength) hit(t, start);
      t = termOf[base + 2]!;
      if (t >= 0 && start > titleLength) hit(t, start);
    } else {
      const t = termOf[base + scanSlot]!;
      if (t >= 0) hit(t, start);
    }
  };

  /** Marks the terms present in the document; returns the candidate schemes, ascending. */
  const scanDoc = (doc: PreparedDoc): number[] => {
    if (epoch >= 0x7fff_fff0) {
      termEpoch.fill(0);
      schemeEpoch.fill(0);
      epoch = 0;
    }
    epoch++;
    candidates.length = 0;
    for (const s of always) {
      schemeEpoch[s] = epoch;
      candidates.push(s);
    }
    if (scanAll) {
      scanSlot = 0;
      titleLength = doc.title.length;
      automaton.scan(doc.all, onMatch);
    }
    for (const slot of SEPARATE_SLOTS) {
      const text = doc[FIELD_OF_SLOT[slot]];
      if (!slotUsed[slot] || text === '') continue;
      scanSlot = slot;
      automaton.scan(text, onMatch);
    }
    if (candidates.length <= 1) return candidates;
    // Input order: sorting a few candidates is cheap; when many schemes are candidates, one pass
    // over the marks is cheaper than a comparison sort.
    if (candidates.length < schemeEpoch.length >>> 4) return candidates.sort((a, b) => a - b);
    candidates.length = 0;
    for (let s = 0; s < schemeEpoch.length; s++) if (schemeEpoch[s] === epoch) candidates.push(s);
    return candidates;
  };

  const matchIndices = (doc: PreparedDoc): number[] => {
    const matched: number[] = [];
    for (const s of scanDoc(doc)) if (evaluators[s]!()) matched.push(s);
    return matched;
  };

  const spansOf = (doc: PreparedDoc, matched: readonly number[]): SchemeMatch[] => {
    // Rare path (the UI): find every occurrence again rather than slow down match().
    const found: { slot: number; pattern: number; start: number; end: number }[] = [];
    if (scanAll) {
      for (const m of automaton.findAll(doc.all)) found.push({ slot: 0, ...m });
    }
    for (const slot of SEPARATE_SLOTS) {
      const text = doc[FIELD_OF_SLOT[slot]];
      if (!slotUsed[slot] || text === '') continue;
      for (const m of automaton.findAll(text)) found.push({ slot, ...m });
    }
    const tl = doc.title.length;
    return matched.map((s) => {
      const wanted = new Map<number, string>();
      for (const { id, term } of explainTerms[s]!) if (!wanted.has(id)) wanted.set(id, term);
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
          const term = wanted.get(termOf[f.pattern * SLOTS + slot]!);
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
      return { id: ids[s]!, hits };
    });
  };

  return {
    errors,
    schemeCount: ids.length,
    termCount,
    automatonSize: automaton.size,
    match: (doc) => matchIndices(doc).map((s) => ids[s]!),
    matchDetailed: (doc) => spansOf(doc, matchIndices(doc)),
    explain: (doc, id) => {
      const s = ids.indexOf(id);
      if (s < 0) return undefined;
      scanDoc(doc);
      if (schemeEpoch[s] !== epoch || !evaluators[s]!()) return undefined;
      return spansOf(doc, [s])[0]?.hits;
    },
  };
}

/** Every term node of a tree, NEAR items included. */
function allTerms(node: SchemeNode, out: TermNode[] = []): TermNode[] {
  switch (node.type) {
    case 'term':
      out.push(node);
      break;
    case 'near':
      out.push(...node.items);
      break;
    case 'not':
      allTerms(node.child, out);
      break;
    case 'and':
    case 'or':
      for (const c of node.children) allTerms(c, out);
      break;
  }
  return out;
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
