// B-cubed precision, recall and F1 of a clustering against gold classes (Bagga & Baldwin 1998):
// for each item, the share of its cluster that shares its gold class (precision) and the share
// of its gold class that shares its cluster (recall), averaged over items.

export interface BCubed {
  precision: number;
  recall: number;
  /** Harmonic mean of the averaged precision and recall. */
  f1: number;
}

/** `predicted[i]` and `gold[i]` are the cluster and the gold class of item i. */
export function bcubed(predicted: readonly string[], gold: readonly string[]): BCubed {
  if (predicted.length !== gold.length) {
    throw new RangeError(`${predicted.length} predictions for ${gold.length} gold labels`);
  }
  const n = predicted.length;
  if (n === 0) return { precision: 1, recall: 1, f1: 1 };
  const clusterSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  // Cells of the contingency table, keyed by both labels (NUL never occurs in a label we use).
  const pairSize = new Map<string, { cluster: string; gold: string; n: number }>();
  for (let i = 0; i < n; i++) {
    const c = predicted[i] as string;
    const g = gold[i] as string;
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    const key = `${c}\u0000${g}`;
    const cell = pairSize.get(key);
    if (cell) cell.n++;
    else pairSize.set(key, { cluster: c, gold: g, n: 1 });
  }
  let precision = 0;
  let recall = 0;
  // Each of the n_cg items of a cell has precision n_cg / n_c and recall n_cg / n_g.
  for (const { cluster, gold: g, n: k } of pairSize.values()) {
    precision += (k * k) / (clusterSize.get(cluster) as number);
    recall += (k * k) / (goldSize.get(g) as number);
  }
  precision /= n;
  recall /= n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
