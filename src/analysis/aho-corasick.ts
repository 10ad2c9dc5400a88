// Aho-Corasick: every pattern found in one left-to-right pass over a text, whatever the number
// of patterns. The scheme matcher, the region gazetteer and the risk lexicon all scan with it.
//
// Patterns and texts are compared as UTF-16 code units, so positions are JavaScript string
// indices. Callers fold case and script (traditional/simplified) before building and scanning.

const ROOT = 0;

export interface AcMatch {
  /** Index of the pattern in the list the automaton was built from. */
  pattern: number;
  start: number;
  /** Exclusive end. */
  end: number;
}

export class AhoCorasick {
  /** Goto function: per node, code unit -> next node. */
  private readonly next: Map<number, number>[] = [new Map<number, number>()];
  private readonly fail: number[] = [ROOT];
  /** Patterns ending at a node, including those ending at its suffixes (merged once at build). */
  private readonly out: (readonly number[] | undefined)[] = [undefined];
  private readonly lengths: number[];

  /** Empty patterns never match; duplicates each report their own index. */
  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    const own: number[][] = [[]];
    patterns.forEach((pattern, index) => {
      if (pattern === '') return;
      let node = ROOT;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        const edges = this.next[node]!;
        let child = edges.get(code);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map<number, number>());
          this.fail.push(ROOT);
          this.out.push(undefined);
          own.push([]);
          edges.set(code, child);
        }
        node = child;
      }
      own[node]!.push(index);
    });

    // Breadth-first: a node's failure link points to a shallower node, already finished.
    const queue: number[] = [];
    for (const child of this.next[ROOT]!.values()) queue.push(child);
    for (const child of queue) this.out[child] = own[child]!.length > 0 ? own[child] : undefined;
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [code, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== ROOT && !this.next[f]!.has(code)) f = this.fail[f]!;
        const target = this.next[f]!.get(code);
        const failTo = target !== undefined && target !== child ? target : ROOT;
        this.fail[child] = failTo;
        const inherited = this.out[failTo];
        const mine = own[child]!;
        this.out[child] =
          inherited === undefined
            ? mine.length > 0
              ? mine
              : undefined
            : mine.length > 0
              ? [...mine, ...inherited]
              : inherited;
        queue.push(child);
      }
    }
  }

  /** Number of trie nodes (a measure of the automaton's size). */
  get size(): number {
    return this.next.length;
  }

  /** Calls `onMatch(pattern, end)` for every occurrence, overlapping ones included, in end order. */
  scan(text: string, onMatch: (pattern: number, end: number) => void): void {
    let node = ROOT;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let step = this.next[node]!.get(code);
      while (step === undefined && node !== ROOT) {
        node = this.fail[node]!;
        step = this.next[node]!.get(code);
      }
      node = step ?? ROOT;
      const hits = this.out[node];
      if (hits !== undefined) for (const pattern of hits) onMatch(pattern, i + 1);
    }
  }

  /** Every occurrence with its start and end. */
  findAll(text: string): AcMatch[] {
    const found: AcMatch[] = [];
    this.scan(text, (pattern, end) => {
      found.push({ pattern, start: end - this.lengths[pattern]!, end });
    });
    return found;
  }

  /** Length of a pattern (to turn an end position into a start). */
  patternLength(pattern: number): number {
    return this.lengths[pattern] ?? 0;
  }
}
