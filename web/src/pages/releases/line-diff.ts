// A line diff of two texts by their longest common subsequence of lines: what a new version of
// talking points keeps, removes and adds. Quadratic in lines, which talking points afford (a
// few hundred lines at most); beyond MAX_CELLS the middle is compared as replaced whole.

export type DiffOp = 'same' | 'removed' | 'added';

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** 1-based line number in the old text (same, removed). */
  oldLine: number | null;
  /** 1-based line number in the new text (same, added). */
  newLine: number | null;
}

/** Above this many table cells the texts are not aligned line by line. */
export const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** The lines of `before` and `after`, in order, each kept, removed or added. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // The common start and end need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) {
    out.push({ op: 'same', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  }
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) {
      out.push({ op: 'removed', text: a[i]!, oldLine: i + 1, newLine: null });
    }
    for (let j = start; j < endB; j++) {
      out.push({ op: 'added', text: b[j]!, oldLine: null, newLine: j + 1 });
    }
  } else {
    // lcs[i][j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB).
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] =
          a[start + i] === b[start + j]
            ? lcs[(i + 1) * w + j + 1]! + 1
            : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        out.push({
          op: 'same',
          text: a[start + i]!,
          oldLine: start + i + 1,
          newLine: start + j + 1,
        });
        i++;
        j++;
      } else if (i < n && (j >= m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        // At a tie the old line goes first: a replaced line reads as removed, then added.
        out.push({ op: 'removed', text: a[start + i]!, oldLine: start + i + 1, newLine: null });
        i++;
      } else {
        out.push({ op: 'added', text: b[start + j]!, oldLine: null, newLine: start + j + 1 });
        j++;
      }
    }
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) {
    out.push({ op: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
  }
  return out;
}

/** How many lines were added and removed. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === 'added') added++;
    else if (l.op === 'removed') removed++;
  }
  return { added, removed };
}
