// Aho-Corasick: every pattern found in one left-to-right pass over a text, whatever the number
// of patterns. The scheme matcher, the region gazetteer and the risk lexicon all scan with it.
//
// Patterns and texts are compared as UTF-16 code units, so positions are JavaScript string
// indices. Callers fold case and script (traditional/simplified) before building and scanning.

const ROOT = 0;

/** Home slot of the edge (node, code unit) in an edge table of 2^(32 - shift) slots. */
function edgeSlot(node: number, code: number, shift: number): number {
  return Math.imul(Math.imul(node, 0x85ebca6b) ^ code, 0x9e3779b1) >>> shift;
}

export interface AcMatch {
  /** Index of the pattern in the list the automaton was built from. */
  pattern: number;
  start: number;
  /** Exclusive end. */
  end: number;
}

export class AhoCorasick {
  /** The root's goto function, dense: code unit -> next node (0: none). */
  private readonly rootNext = new Int32Array(0x10000);
  /**
   * The other nodes' goto function, an open-addressing table of edges: (node, code unit) ->
   * next node. A slot is empty when its node is 0 (the root's edges are not in it).
   */
  private readonly edgeNode: Int32Array;
  private readonly edgeCode: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly edgeMask: number;
  private readonly edgeShift: number;
  private readonly fail: Int32Array;
  /** Patterns ending at a node, including those ending at its suffixes (merged once at build). */
  private readonly out: (readonly number[] | undefined)[] = [undefined];
  private readonly lengths: number[];

  /** Empty patterns never match; duplicates each report their own index. */
  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    // Built with a map per node, then laid out in the tables above.
    const next: Map<number, number>[] = [new Map<number, number>()];
    const fail: number[] = [ROOT];
    const own: number[][] = [[]];
    patterns.forEach((pattern, index) => {
      if (pattern === '') return;
      let node = ROOT;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        const edges = next[node]!;
        let child = edges.get(code);
        if (child === undefined) {
          child = next.length;
          next.push(new Map<number, number>());
          fail.push(ROOT);
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
    for (const child of next[ROOT]!.values()) queue.push(child);
    for (const child of queue) this.out[child] = own[child]!.length > 0 ? own[child] : undefined;
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [code, child] of next[node]!) {
        let f = fail[node]!;
        while (f !== ROOT && !next[f]!.has(code)) f = fail[f]!;
        const target = next[f]!.get(code);
        const failTo = target !== undefined && target !== child ? target : ROOT;
        fail[child] = failTo;
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

    this.fail = Int32Array.from(fail);
    for (const [code, child] of next[ROOT]!) this.rootNext[code] = child;
    let bits = 4;
    while (2 ** bits < 2 * next.length) bits++;
    const size = 2 ** bits;
    this.edgeNode = new Int32Array(size);
    this.edgeCode = new Uint16Array(size);
    this.edgeNext = new Int32Array(size);
    this.edgeMask = size - 1;
    this.edgeShift = 32 - bits;
    for (let node = 1; node < next.length; node++) {
      for (const [code, child] of next[node]!) {
        let slot = edgeSlot(node, code, this.edgeShift);
        while (this.edgeNode[slot] !== 0) slot = (slot + 1) & this.edgeMask;
        this.edgeNode[slot] = node;
        this.edgeCode[slot] = code;
        this.edgeNext[slot] = child;
      }
    }
  }

  /** Number of trie nodes (a measure of the automaton's size). */
  get size(): number {
    return this.fail.length;
  }

  /** The node after `node` on `code`, or -1 when it has no such edge. */
  private step(node: number, code: number): number {
    if (node === ROOT) {
      const child = this.rootNext[code] as number;
      return child === 0 ? -1 : child;
    }
    const mask = this.edgeMask;
    for (let slot = edgeSlot(node, code, this.edgeShift); ; slot = (slot + 1) & mask) {
      const at = this.edgeNode[slot] as number;
      if (at === 0) return -1;
      if (at === node && this.edgeCode[slot] === code) return this.edgeNext[slot] as number;
    }
  }

  /** Calls `onMatch(pattern, end)` for every occurrence, overlapping ones included, in end order. */
  scan(text: string, onMatch: (pattern: number, end: number) => void): void {
    const fail = this.fail;
    let node = ROOT;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let step = this.step(node, code);
      while (step < 0 && node !== ROOT) {
        node = fail[node] as number;
        step = this.step(node, code);
      }
      node = step < 0 ? ROOT : step;
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
